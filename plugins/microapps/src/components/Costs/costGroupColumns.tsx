import type { TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { CostGroup, CostGroupBy } from '@trellis/plugin-microapps-common';
import { readableTextColor } from '../contrast';
import { formatUsd, wholeNumberFormat } from '../format';
import { BudgetProgress, budgetShare } from './BudgetProgress';
import { CostChange } from './CostChange';
import { CostGroupName } from './CostGroupName';
import { GROUP_NOUNS } from './costGroups';

const useStyles = makeStyles(theme => ({
  over: { color: readableTextColor(theme, theme.palette.error.main) },
}));

/** "2 apps over budget", in red, under a group's budget bar. */
function AppsOverBudget(props: { count: number }) {
  const classes = useStyles();
  return (
    <Typography variant="caption" component="div" className={classes.over}>
      {props.count === 1
        ? '1 app over budget'
        : `${props.count} apps over budget`}
    </Typography>
  );
}

/** A row of the cost groups table: the group with its share of the total. */
export type CostGroupRow = CostGroup & { id: string; share: number };

type Column = TableColumn<CostGroupRow>;

/** Dense cells; numbers right-aligned in tabular figures, unbroken. */
function columnStyles() {
  const padding = '8px 12px';
  const cell = { headerStyle: { padding }, cellStyle: { padding } } as const;
  const numeric = {
    ...cell,
    type: 'numeric' as const,
    cellStyle: {
      padding,
      whiteSpace: 'nowrap' as const,
      fontVariantNumeric: 'tabular-nums',
    },
  };
  return { cell, numeric };
}

type ColumnStyles = ReturnType<typeof columnStyles>;

/** The group's name, its cost, change, requests and cost per request. */
function costColumns(groupBy: CostGroupBy, styles: ColumnStyles): Column[] {
  const { cell, numeric } = styles;
  return [
    {
      ...cell,
      title: GROUP_NOUNS[groupBy][0].replace(/^./, c => c.toUpperCase()),
      field: 'label',
      highlight: true,
      render: row => <CostGroupName groupBy={groupBy} group={row} />,
    },
    {
      ...numeric,
      title: 'Cost',
      field: 'costUsd',
      defaultSort: 'desc',
      render: row => (
        <>
          {formatUsd(row.costUsd)}
          <Typography variant="caption" color="textSecondary" component="div">
            {Math.round(row.share * 100)}% of total
          </Typography>
        </>
      ),
    },
    {
      ...numeric,
      title: 'Change',
      field: 'changePct',
      customSort: (a, b) =>
        a.costUsd - a.previousCostUsd - (b.costUsd - b.previousCostUsd),
      render: row => (
        <>
          <CostChange
            pct={row.changePct}
            // Null with an earlier cost: the period has not begun.
            noBaseline={row.previousCostUsd > 0 ? '—' : 'new'}
          />
          <Typography variant="caption" color="textSecondary" component="div">
            from {formatUsd(row.previousCostUsd)}
          </Typography>
        </>
      ),
    },
    {
      ...numeric,
      title: 'Requests',
      field: 'requests',
      render: row => wholeNumberFormat.format(row.requests),
    },
    {
      ...numeric,
      title: 'Cost per request',
      field: 'costPerRequestUsd',
      render: row =>
        row.requests > 0 ? formatUsd(row.costPerRequestUsd) : '—',
    },
  ];
}

/** The month so far against the summed budgets, and the app count. */
function budgetColumns(styles: ColumnStyles): Column[] {
  const { cell, numeric } = styles;
  return [
    {
      ...cell,
      title: 'Budget, month to date',
      field: 'budgetUsd',
      customSort: (a, b) =>
        (budgetShare(a.monthToDateUsd ?? 0, a.budgetUsd) ?? -1) -
        (budgetShare(b.monthToDateUsd ?? 0, b.budgetUsd) ?? -1),
      render: row => (
        <>
          <BudgetProgress
            spentUsd={row.monthToDateUsd ?? 0}
            budgetUsd={row.budgetUsd}
            label={`${row.label}, month to date`}
            over={(row.appsOverBudget ?? 0) > 0}
          />
          {(row.appsOverBudget ?? 0) > 0 && (
            <AppsOverBudget count={row.appsOverBudget ?? 0} />
          )}
        </>
      ),
    },
    {
      ...numeric,
      title: 'Apps',
      field: 'apps',
    },
  ];
}

/** The table's columns; models have no budgets, so they get none. */
export function columnsFor(groupBy: CostGroupBy): Column[] {
  const styles = columnStyles();
  const columns = costColumns(groupBy, styles);
  if (groupBy !== 'model') {
    columns.push(...budgetColumns(styles));
  }
  return columns;
}
