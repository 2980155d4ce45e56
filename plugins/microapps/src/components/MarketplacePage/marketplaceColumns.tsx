import type { TableColumn } from '@backstage/core-components';
import type {
  MarketplaceItem,
  MarketplaceSort,
} from '@trellis/plugin-microapps-common';
import { AppStatusWithBadges } from '../AppStatusChip';
import { RiskTierChip } from '../RiskTierChip';
import {
  DataAndModelsCell,
  LastThirtyDaysCell,
  MicroAppCell,
} from './MarketplaceTableCells';
import {
  COLUMN_PADDING,
  CONTENT_SIZED_COLUMN,
} from '../format/contentSizedColumn';

/** A table row: material-table needs an `id`. */
export type MarketplaceRow = MarketplaceItem & { id: string };

// Columns sized by their content; short values never wrap. The lifecycle is
// shown under the app's name, so that every column fits at 1280 px.
const auto = CONTENT_SIZED_COLUMN;
const noWrap = {
  ...auto,
  cellStyle: { padding: COLUMN_PADDING, whiteSpace: 'nowrap' as const },
};

/** The marketplace's columns; the figure the list is sorted by is bold. */
export function marketplaceColumns(
  sort?: MarketplaceSort,
): TableColumn<MarketplaceRow>[] {
  return [
    {
      ...auto,
      title: 'Micro-app',
      field: 'title',
      highlight: true,
      render: row => <MicroAppCell row={row} sort={sort} />,
    },
    {
      ...noWrap,
      title: 'Risk',
      field: 'score',
      render: row => <RiskTierChip tier={row.tier} score={row.score} />,
    },
    {
      ...noWrap,
      title: 'Data & models',
      field: 'dataClasses',
      render: row => <DataAndModelsCell row={row} />,
    },
    {
      ...noWrap,
      title: 'Status',
      field: 'badges',
      render: row => (
        <AppStatusWithBadges status={row.status} badges={row.badges} />
      ),
    },
    {
      // Its figures wrap between words when the row is narrow.
      ...auto,
      title: 'Last 30 days',
      field: 'cost30dUsd',
      render: row => <LastThirtyDaysCell row={row} sort={sort} />,
    },
  ];
}
