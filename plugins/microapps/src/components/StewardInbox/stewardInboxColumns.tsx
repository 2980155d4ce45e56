import type { TableColumn } from '@backstage/core-components';
import type { ReviewItem } from '@trellis/plugin-microapps-common';
import { RiskTierChip } from '../RiskTierChip';
import { ReviewStateCell } from './ReviewStateCell';
import {
  BadgeNeededCell,
  ReviewActionCell,
  ReviewAppCell,
  VisuallyHidden,
  WaitingCell,
} from './StewardInboxCells';

/** A table row: material-table needs an `id`. */
export type ReviewRow = ReviewItem & { id: string };

const padding = '8px 12px';
const auto = {
  width: 'auto',
  headerStyle: { padding },
  cellStyle: { padding, verticalAlign: 'top' as const },
} as const;
const noWrap = {
  ...auto,
  cellStyle: { ...auto.cellStyle, whiteSpace: 'nowrap' as const },
};

/**
 * The steward inbox's columns. A fresh list each call: material-table writes
 * its bookkeeping into the column objects.
 */
export function stewardInboxColumns(): TableColumn<ReviewRow>[] {
  return [
    {
      ...auto,
      title: 'Micro-app',
      field: 'title',
      highlight: true,
      render: row => <ReviewAppCell row={row} />,
    },
    {
      ...noWrap,
      title: 'Risk',
      field: 'score',
      render: row => <RiskTierChip tier={row.tier} score={row.score} />,
    },
    {
      ...noWrap,
      title: 'Badge needed',
      field: 'badge',
      render: row => <BadgeNeededCell row={row} />,
    },
    {
      ...auto,
      title: 'Waiting',
      field: 'ageDays',
      render: row => <WaitingCell row={row} />,
    },
    {
      ...auto,
      title: 'State',
      field: 'state',
      render: row => <ReviewStateCell row={row} />,
    },
    {
      ...noWrap,
      title: <VisuallyHidden>Action</VisuallyHidden>,
      field: 'entityRef',
      render: row => <ReviewActionCell row={row} />,
    },
  ];
}
