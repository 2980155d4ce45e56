import { Table } from '@backstage/core-components';
import type {
  MarketplaceItem,
  MarketplaceSort,
} from '@trellis/plugin-microapps-common';
import { useMemo, type ReactNode } from 'react';
import { marketplaceColumns, type MarketplaceRow } from './marketplaceColumns';

export interface MarketplaceTableProps {
  items: MarketplaceItem[];
  totalItems: number;
  /** The order of the list; its figure is set in bold. */
  sort?: MarketplaceSort;
  /** Rendered under the table: the pagination. */
  footer?: ReactNode;
}

/** One row per micro-app; figures are for the last 30 days. */
export function MarketplaceTable(props: MarketplaceTableProps) {
  const { items, totalItems, footer, sort } = props;
  const columns = useMemo(() => marketplaceColumns(sort), [sort]);

  // material-table writes bookkeeping into the row objects: hand it copies.
  const rows = useMemo<MarketplaceRow[]>(
    () => items.map(item => ({ ...item, id: item.entityRef })),
    [items],
  );

  return (
    <>
      <Table<MarketplaceRow>
        title={`Micro-apps (${totalItems})`}
        columns={columns}
        data={rows}
        options={{
          paging: false,
          search: false,
          sorting: false,
          draggable: false,
          padding: 'dense',
        }}
      />
      {footer}
    </>
  );
}
