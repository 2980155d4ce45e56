import { Table, type TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { AppCosts } from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import { formatCompact, formatUsd, wholeNumberFormat } from '../format';
import { formatPeriod } from './costPeriods';
import { LatencyValue } from './latency';

/** A model's costs with its share of the app's total. */
export type ModelRow = AppCosts['byModel'][number] & {
  id: string;
  share: number;
};

/** A share of 0 to 1 as a percentage with one decimal: `2.5%`. */
const formatShare = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The operations figures of each model: error rate, cache hits and saving, latency. */
const opsColumns: TableColumn<ModelRow>[] = [
  {
    title: 'Error rate',
    field: 'errorRate',
    type: 'numeric',
    render: row =>
      row.requests > 0 && row.errorRate !== undefined
        ? formatShare(row.errorRate)
        : '—',
  },
  {
    title: 'Cache hits',
    field: 'cacheHitRate',
    type: 'numeric',
    render: row => (
      <>
        {row.inputTokens > 0 && row.cacheHitRate !== undefined
          ? formatShare(row.cacheHitRate)
          : '—'}
        {row.cacheSavingUsd !== undefined && row.cacheSavingUsd > 0 && (
          <Typography variant="caption" color="textSecondary" component="div">
            saved {formatUsd(row.cacheSavingUsd)}
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Latency p50 / p95',
    field: 'latency',
    type: 'numeric',
    sorting: false,
    render: row => <LatencyValue latency={row.latency} />,
  },
];

export const modelColumns = (): TableColumn<ModelRow>[] => [
  {
    title: 'Model',
    field: 'model',
    highlight: true,
    // A model id is one token: never broken over lines.
    cellStyle: { whiteSpace: 'nowrap' },
  },
  {
    title: 'Cost',
    field: 'costUsd',
    type: 'numeric',
    render: row => (
      <>
        {formatUsd(row.costUsd)}{' '}
        <Typography variant="caption" color="textSecondary">
          ({Math.round(row.share * 100)}%)
        </Typography>
      </>
    ),
  },
  {
    title: 'Requests',
    field: 'requests',
    type: 'numeric',
    render: row => wholeNumberFormat.format(row.requests),
  },
  {
    title: 'Tokens in / out',
    field: 'inputTokens',
    type: 'numeric',
    render: row =>
      `${formatCompact(row.inputTokens)} / ${formatCompact(row.outputTokens)}`,
  },
  {
    title: 'Cost per request',
    field: 'costPerRequestUsd',
    type: 'numeric',
    render: row => (row.requests > 0 ? formatUsd(row.costPerRequestUsd) : '—'),
  },
  ...opsColumns,
];

export interface ModelCostTableProps {
  costs: AppCosts;
  /** From {@link modelColumns}, made once by the caller. */
  columns: TableColumn<ModelRow>[];
}

/** "Switching a → b would save about $1.77 a month (…)", per model that has a cheaper option. */
export function switchHintText(row: ModelRow): string | undefined {
  const hint = row.switchHint;
  if (!hint) return undefined;
  return `Switching ${row.model} → ${hint.model} would save about ${formatUsd(
    hint.monthlySavingUsd,
  )} a month (catalog prices; an approved model of the ${
    hint.sameProvider ? 'same provider' : 'same hosting'
  }).`;
}

/**
 * A micro-app's cost, requests, tokens and operations figures by model over
 * the period, with the savings a cheaper approved model would bring under
 * the title.
 */
export function ModelCostTable(props: ModelCostTableProps) {
  const { costs, columns } = props;
  // material-table writes bookkeeping into rows: hand it its own.
  const rows = useMemo<ModelRow[]>(
    () =>
      costs.byModel.map(model => ({
        ...model,
        id: model.model,
        share: costs.totalUsd > 0 ? model.costUsd / costs.totalUsd : 0,
      })),
    [costs],
  );
  const hints = rows.map(switchHintText).filter(Boolean).join(' ');
  return (
    <Table<ModelRow>
      title={`By model, ${formatPeriod(costs)}`}
      subtitle={hints || undefined}
      columns={columns}
      data={rows}
      options={{
        paging: false,
        search: false,
        draggable: false,
        padding: 'dense',
      }}
    />
  );
}
