import { Table } from '@backstage/core-components';
import { badgeTitle, type ReviewItem } from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import { stewardInboxColumns, type ReviewRow } from './stewardInboxColumns';

export { OLD_REVIEW_DAYS, waitingText } from './reviewAge';
export { GOVERNANCE_TAB_PATH, useGovernanceLink } from './useGovernanceLink';

/** Props of {@link StewardInboxTable}. */
export interface StewardInboxTableProps {
  /** In the order to show them. */
  items: ReviewItem[];
  subtitle?: string;
  /** Turns on row checkboxes; called with the reviews ticked. */
  onSelectionChange?(items: ReviewItem[]): void;
}

/** The review a table row was made from. */
function withoutRowId(row: ReviewRow): ReviewItem {
  const {
    id: _id,
    tableData: _tableData,
    ...item
  } = row as ReviewRow & {
    tableData?: unknown;
  };
  return item;
}

/** One row per badge to review. */
export function StewardInboxTable(props: StewardInboxTableProps) {
  const { items, subtitle, onSelectionChange } = props;
  const columns = useMemo(() => stewardInboxColumns(), []);

  // material-table writes bookkeeping into the row objects: hand it copies.
  const rows = useMemo<ReviewRow[]>(
    () =>
      items.map(item => ({ ...item, id: `${item.entityRef}#${item.badge}` })),
    [items],
  );

  return (
    <Table<ReviewRow>
      title={`Waiting for you (${items.length})`}
      subtitle={subtitle || undefined}
      columns={columns}
      data={rows}
      onSelectionChange={
        onSelectionChange &&
        (selected => onSelectionChange(selected.map(withoutRowId)))
      }
      options={{
        selection: Boolean(onSelectionChange),
        // material-table's checkboxes have no names of their own.
        selectionProps: (row: ReviewRow) => ({
          inputProps: {
            'aria-label': `Select ${row.title}, ${badgeTitle(row.badge)}`,
          },
        }),
        headerSelectionProps: {
          inputProps: { 'aria-label': 'Select every review shown' },
        },
        showTextRowsSelected: false,
        paging: rows.length > 20,
        pageSize: 20,
        pageSizeOptions: [20, 50, 100],
        search: false,
        sorting: false,
        draggable: false,
        padding: 'dense',
      }}
    />
  );
}
