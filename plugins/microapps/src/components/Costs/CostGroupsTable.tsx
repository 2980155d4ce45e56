import { Table, type TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { alpha, useTheme } from '@material-ui/core/styles';
import type { CostGroup, CostGroupBy } from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import { formatUsd } from '../format';
import { BudgetProgress, budgetShare } from './BudgetProgress';
import { CostChange } from './CostChange';
import { CostGroupName } from './CostGroupName';

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Singular and plural names of each grouping. */
export const GROUP_NOUNS: Record<CostGroupBy, [string, string]> = {
  team: ['team', 'teams'],
  costCenter: ['cost center', 'cost centers'],
  model: ['model', 'models'],
  app: ['app', 'apps'],
};

type Row = CostGroup & { id: string; share: number };

export const isOverBudget = (group: CostGroup) =>
  group.budgetUsd !== undefined &&
  group.budgetUsd > 0 &&
  (group.monthToDateUsd ?? 0) > group.budgetUsd;

function columnsFor(groupBy: CostGroupBy): TableColumn<Row>[] {
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
  const columns: TableColumn<Row>[] = [
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
          <CostChange pct={row.changePct} noBaseline="new" />
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
      render: row => count.format(row.requests),
    },
    {
      ...numeric,
      title: 'Cost per request',
      field: 'costPerRequestUsd',
      render: row =>
        row.requests > 0 ? formatUsd(row.costPerRequestUsd) : '—',
    },
  ];
  if (groupBy !== 'model') {
    columns.push(
      {
        ...cell,
        title: 'Budget, month to date',
        field: 'budgetUsd',
        customSort: (a, b) =>
          (budgetShare(a.monthToDateUsd ?? 0, a.budgetUsd) ?? -1) -
          (budgetShare(b.monthToDateUsd ?? 0, b.budgetUsd) ?? -1),
        render: row => (
          <BudgetProgress
            spentUsd={row.monthToDateUsd ?? 0}
            budgetUsd={row.budgetUsd}
            label={`${row.label}, month to date`}
          />
        ),
      },
      {
        ...numeric,
        title: 'Apps',
        field: 'apps',
      },
    );
  }
  return columns;
}

export interface CostGroupsTableProps {
  groupBy: CostGroupBy;
  groups: CostGroup[];
  totalUsd: number;
  title: string;
}

/**
 * One row per group: cost and share, change against the previous period,
 * requests, cost per request, the month so far against the summed budgets
 * of the group's apps (rows over budget are tinted red), and app count.
 */
export function CostGroupsTable(props: CostGroupsTableProps) {
  const { groupBy, groups, totalUsd, title } = props;
  const theme = useTheme();
  // material-table writes bookkeeping into columns and rows: hand it its own.
  const columns = useMemo(() => columnsFor(groupBy), [groupBy]);
  const rows = useMemo<Row[]>(
    () =>
      groups.map(group => ({
        ...group,
        id: group.key,
        share: totalUsd > 0 ? group.costUsd / totalUsd : 0,
      })),
    [groups, totalUsd],
  );
  const overBackground = alpha(theme.palette.error.main, 0.08);
  const paged = rows.length > 25;
  return (
    <Table<Row>
      title={title}
      columns={columns}
      data={rows}
      options={{
        paging: paged,
        pageSize: 25,
        pageSizeOptions: [25, 50, 100],
        search: rows.length > 10,
        sorting: true,
        draggable: false,
        padding: 'dense',
        rowStyle: (row: Row) =>
          isOverBudget(row) ? { backgroundColor: overBackground } : {},
      }}
    />
  );
}
