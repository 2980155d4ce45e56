import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core/styles';
import { RiskTierChip } from '../RiskTierChip';
import { MonthFigure, SideFigures } from './MicroAppFigures';
import type { AppRow } from './useGroupMicroApps';

const useStyles = makeStyles(theme => ({
  item: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(1),
    padding: theme.spacing(1.5, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  main: {
    flex: '1 1 240px',
    minWidth: 0,
  },
  title: {
    ...theme.typography.subtitle1,
    fontWeight: theme.typography.fontWeightMedium as number,
    overflowWrap: 'anywhere',
  },
  meta: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    margin: theme.spacing(0.5, 0, 1),
    color: theme.palette.text.secondary,
    ...theme.typography.body2,
  },
  total: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(1),
    paddingTop: theme.spacing(1.5),
  },
  totalTitle: {
    ...theme.typography.subtitle1,
    fontWeight: theme.typography.fontWeightBold as number,
    marginBottom: theme.spacing(0.5),
  },
}));

/** "production" → "Production". */
const capitalize = (value: string) =>
  value.charAt(0).toLocaleUpperCase('en-US') + value.slice(1);

/** One micro-app: its name, risk tier, lifecycle, month and 30 days. */
export function AppItem(props: { row: AppRow }) {
  const classes = useStyles();
  const { item, monthUsd, budgetUsd } = props.row;
  return (
    <li className={classes.item} aria-label={item.title}>
      <div className={classes.main}>
        <div className={classes.title}>
          <EntityRefLink entityRef={item.entityRef}>{item.title}</EntityRefLink>
        </div>
        <div className={classes.meta}>
          <RiskTierChip tier={item.tier} score={item.score} />
          <span>{capitalize(item.lifecycle)}</span>
        </div>
        <MonthFigure
          monthUsd={monthUsd}
          budgetUsd={budgetUsd}
          label={`${item.title}, month to date`}
          missing="no budget set"
        />
      </div>
      <SideFigures
        costUsd={item.cost30dUsd}
        violations={item.violations30d}
        highViolations={item.highViolations30d}
      />
    </li>
  );
}

/**
 * The team's sums, laid out like an app, against the team's budget as the
 * backend counts it (the same figure as the costs page's team row).
 */
export function Total(props: { rows: AppRow[]; budgetUsd?: number }) {
  const classes = useStyles();
  const { rows, budgetUsd } = props;
  const monthUsd = rows.reduce((sum, row) => sum + row.monthUsd, 0);
  const cost30d = rows.reduce((sum, row) => sum + row.item.cost30dUsd, 0);
  const violations = rows.reduce((sum, row) => sum + row.item.violations30d, 0);
  const highViolations = rows.reduce(
    (sum, row) => sum + row.item.highViolations30d,
    0,
  );
  return (
    <section className={classes.total} aria-label="Total">
      <div className={classes.main}>
        <div className={classes.totalTitle}>
          Total, {rows.length} {rows.length === 1 ? 'micro-app' : 'micro-apps'}
        </div>
        <MonthFigure
          monthUsd={monthUsd}
          budgetUsd={budgetUsd}
          label="Team total, month to date"
          missing="no active app declares a budget"
        />
      </div>
      <SideFigures
        costUsd={cost30d}
        violations={violations}
        highViolations={highViolations}
      />
    </section>
  );
}
