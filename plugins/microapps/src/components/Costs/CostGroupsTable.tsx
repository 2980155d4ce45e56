import { Table } from '@backstage/core-components';
import { useTheme } from '@material-ui/core/styles';
import type { CostGroup, CostGroupBy } from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import { columnsFor, type CostGroupRow } from './costGroupColumns';
import { isOverBudget } from './costGroups';

export { GROUP_NOUNS, isOverBudget } from './costGroups';

export interface CostGroupsTableProps {
  groupBy: CostGroupBy;
  groups: CostGroup[];
  totalUsd: number;
  title: string;
}

/**
 * One row per group: cost and share, change against the previous period,
 * requests, cost per request, the month so far against the summed budgets
 * of the group's apps (rows over budget have a red edge), and app count.
 */
export function CostGroupsTable(props: CostGroupsTableProps) {
  const { groupBy, groups, totalUsd, title } = props;
  const theme = useTheme();
  // material-table writes bookkeeping into columns and rows: hand it its own.
  const columns = useMemo(() => columnsFor(groupBy), [groupBy]);
  const rows = useMemo<CostGroupRow[]>(
    () =>
      groups.map(group => ({
        ...group,
        id: group.key,
        share: totalUsd > 0 ? group.costUsd / totalUsd : 0,
      })),
    [groups, totalUsd],
  );
  // A red edge rather than a red tint: text on a tinted row loses contrast.
  const overBudgetEdge = `inset 4px 0 0 ${theme.palette.error.main}`;
  const paged = rows.length > 25;
  return (
    <Table<CostGroupRow>
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
        rowStyle: (row: CostGroupRow) =>
          isOverBudget(row) ? { boxShadow: overBudgetEdge } : {},
      }}
    />
  );
}
