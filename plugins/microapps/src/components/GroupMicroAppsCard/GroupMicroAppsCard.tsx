import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  InfoCard,
  LinkButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import type {
  MarketplaceItem,
  MicroAppEntity,
} from '@trellis/plugin-microapps-common';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../api';
import { BudgetProgress } from '../Costs/BudgetProgress';
import { formatMonth, todayUtc } from '../Costs/costPeriods';
import { formatUsd } from '../format';
import { RiskTierChip } from '../RiskTierChip';

/** The most apps the card lists; a team with more sees the costliest. */
const MAX_APPS = 100;

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const useStyles = makeStyles(theme => ({
  intro: {
    color: theme.palette.text.secondary,
    marginBottom: theme.spacing(1),
  },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
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
  side: {
    flex: '0 0 auto',
    marginLeft: 'auto',
    textAlign: 'right',
  },
  number: {
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  figure: {
    ...theme.typography.body1,
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  violations: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: theme.palette.error.main,
    fontWeight: theme.typography.fontWeightBold as number,
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
    ...theme.typography.body2,
  },
  noViolations: {
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
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
  muted: {
    color: theme.palette.text.secondary,
  },
  note: {
    marginTop: theme.spacing(2),
    color: theme.palette.text.secondary,
  },
  empty: {
    '& > * + *': {
      marginTop: theme.spacing(2),
    },
  },
}));

interface AppRow {
  item: MarketplaceItem;
  /** This calendar month so far (UTC). */
  monthUsd: number;
  /** `spec.limits.monthlyBudgetUsd`. */
  budgetUsd?: number;
}

interface CardData {
  rows: AppRow[];
  totalItems: number;
  month: string;
}

/** "production" → "Production". */
const capitalize = (value: string) =>
  value.charAt(0).toLocaleUpperCase('en-US') + value.slice(1);

const refKey = (ref: string) => ref.toLocaleLowerCase('en-US');

function Violations(props: { count: number }) {
  const classes = useStyles();
  if (props.count === 0) {
    return <span className={classes.noViolations}>No violations</span>;
  }
  return (
    <span className={classes.violations}>
      <WarningIcon fontSize="inherit" aria-hidden />
      {count.format(props.count)}{' '}
      {props.count === 1 ? 'violation' : 'violations'}
    </span>
  );
}

/** The month so far against the budget, or the plain amount without one. */
function MonthFigure(props: {
  monthUsd: number;
  budgetUsd?: number;
  label: string;
  missing: string;
}) {
  const classes = useStyles();
  if (props.budgetUsd !== undefined && props.budgetUsd > 0) {
    return (
      <BudgetProgress
        spentUsd={props.monthUsd}
        budgetUsd={props.budgetUsd}
        label={props.label}
      />
    );
  }
  return (
    <Typography variant="body2" component="div">
      <span className={classes.number}>{formatUsd(props.monthUsd)}</span>{' '}
      <span className={classes.muted}>· {props.missing}</span>
    </Typography>
  );
}

/** The 30-day cost and violations, right-aligned. */
function SideFigures(props: { costUsd: number; violations: number }) {
  const classes = useStyles();
  return (
    <div className={classes.side}>
      <div className={classes.figure}>{formatUsd(props.costUsd)}</div>
      <Typography variant="caption" component="div" className={classes.muted}>
        last 30 days
      </Typography>
      <Violations count={props.violations} />
    </div>
  );
}

function NoMicroApps(props: { teamName: string }) {
  const classes = useStyles();
  return (
    <div className={classes.empty}>
      <Typography variant="body1">
        {props.teamName} owns no micro-apps yet.
      </Typography>
      <Typography variant="body2" className={classes.muted}>
        Create one from a micro-app software template: the template registers
        its MicroApp manifest in the catalog with this team as owner, and it
        starts in the sandbox stage. A manifest with <code>spec.owner</code> set
        to this team, registered in the catalog, shows up here as well.
      </Typography>
      <LinkButton to="/create" variant="outlined" color="primary">
        Create a micro-app
      </LinkButton>
    </div>
  );
}

function AppItem(props: { row: AppRow }) {
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
      <SideFigures costUsd={item.cost30dUsd} violations={item.violations30d} />
    </li>
  );
}

function Total(props: { rows: AppRow[] }) {
  const classes = useStyles();
  const { rows } = props;
  const monthUsd = rows.reduce((sum, row) => sum + row.monthUsd, 0);
  const budgeted = rows.filter(row => row.budgetUsd !== undefined);
  const budgetUsd = budgeted.reduce((sum, row) => sum + row.budgetUsd!, 0);
  const cost30d = rows.reduce((sum, row) => sum + row.item.cost30dUsd, 0);
  const violations = rows.reduce((sum, row) => sum + row.item.violations30d, 0);
  const all = budgeted.length === rows.length;
  return (
    <section className={classes.total} aria-label="Total">
      <div className={classes.main}>
        <div className={classes.totalTitle}>
          Total, {rows.length} {rows.length === 1 ? 'micro-app' : 'micro-apps'}
        </div>
        <MonthFigure
          monthUsd={monthUsd}
          budgetUsd={all ? budgetUsd : undefined}
          label="Team total, month to date"
          missing={
            budgeted.length === 0
              ? 'no app declares a budget'
              : `budgets: ${formatUsd(budgetUsd)} for ${budgeted.length} of ${
                  rows.length
                } apps`
          }
        />
      </div>
      <SideFigures costUsd={cost30d} violations={violations} />
    </section>
  );
}

/**
 * For a Group entity page: the micro-apps the team owns, each with its risk
 * tier, its cost this month against its monthly budget, its cost over the
 * last 30 days and the policy violations it raised in them, with a total.
 * A team without micro-apps is told how to create one.
 *
 * @public
 */
export function GroupMicroAppsCard() {
  const classes = useStyles();
  const { entity } = useEntity();
  const api = useApi(microAppsApiRef);
  const catalogApi = useApi(catalogApiRef);
  const groupRef = stringifyEntityRef(entity);
  const teamName =
    (entity.spec?.profile as { displayName?: string } | undefined)
      ?.displayName ??
    entity.metadata.title ??
    entity.metadata.name;

  const { value, loading, error } = useAsync(async (): Promise<CardData> => {
    const today = todayUtc();
    const month = today.slice(0, 7);
    const page = await api.listApps({
      owner: [groupRef],
      sort: 'cost',
      limit: MAX_APPS,
    });
    if (page.items.length === 0) {
      return { rows: [], totalItems: page.totalItems, month };
    }
    const [report, manifests] = await Promise.all([
      // The month so far, per app of the team (the groups are apps with usage).
      api.getCostReport('app', {
        from: `${month}-01`,
        to: today,
        owner: groupRef,
      }),
      // Budgets come from the manifests, so that apps without usage have one too.
      catalogApi
        .getEntitiesByRefs({
          entityRefs: page.items.map(item => item.entityRef),
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'spec.limits',
          ],
        })
        .then(response => response.items)
        .catch(() => [] as Array<Entity | undefined>),
    ]);
    const groups = new Map(report.groups.map(g => [refKey(g.key), g]));
    return {
      month,
      totalItems: page.totalItems,
      rows: page.items.map((item, index) => {
        const group = groups.get(refKey(item.entityRef));
        const manifest = manifests[index] as MicroAppEntity | undefined;
        return {
          item,
          monthUsd: group?.monthToDateUsd ?? group?.costUsd ?? 0,
          budgetUsd:
            manifest?.spec?.limits?.monthlyBudgetUsd ?? group?.budgetUsd,
        };
      }),
    };
  }, [api, catalogApi, groupRef]);

  let content: JSX.Element;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.rows.length === 0) {
    content = <NoMicroApps teamName={teamName} />;
  } else {
    content = (
      <>
        <Typography variant="body2" className={classes.intro}>
          Bars: {formatMonth(value.month)} so far (UTC) against each app's
          monthly budget.
        </Typography>
        <ul
          className={classes.list}
          aria-label={`Micro-apps owned by ${teamName}`}
        >
          {value.rows.map(row => (
            <AppItem key={row.item.entityRef} row={row} />
          ))}
        </ul>
        <Total rows={value.rows} />
        <Typography variant="caption" component="p" className={classes.note}>
          {value.totalItems > value.rows.length
            ? `The ${value.rows.length} costliest of ${value.totalItems} micro-apps. `
            : ''}
          Month figures are UTC calendar days so far; the last 30 days and
          violations are as of the marketplace's last refresh.
        </Typography>
      </>
    );
  }

  return (
    <InfoCard
      title="Micro-apps"
      subheader="Cost this month against budget, and the last 30 days"
    >
      {content}
    </InfoCard>
  );
}
