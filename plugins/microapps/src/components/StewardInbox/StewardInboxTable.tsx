import { Table } from '@backstage/core-components';
import type { ReviewItem } from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import { stewardInboxColumns, type ReviewRow } from './stewardInboxColumns';

export { OLD_REVIEW_DAYS, waitingText } from './reviewAge';
export { GOVERNANCE_TAB_PATH, useGovernanceLink } from './useGovernanceLink';

/** Props of {@link StewardInboxTable}. */
export interface StewardInboxTableProps {
  /** In the order to show them. */
  items: ReviewItem[];
  subtitle?: string;
}

/** One row per badge to review. */
export function StewardInboxTable(props: StewardInboxTableProps) {
  const { items, subtitle } = props;
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
      options={{
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
