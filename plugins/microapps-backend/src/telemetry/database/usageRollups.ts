import { LATENCY_COLUMNS, type LatencyColumn } from '../latencyHistogram';
import type { UsageSums } from '../TelemetryStore';

/** The sums each row of the hourly and daily usage rollups holds. */
export const USAGE_COLUMNS = [
  'requests',
  'errors',
  'input_tokens',
  'output_tokens',
  'cached_input_tokens',
  'cost_micros',
  'reported_cost_micros',
  ...LATENCY_COLUMNS,
] as const;

export interface UsageRow extends Record<LatencyColumn, number> {
  entity_ref: string;
  model: string;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cost_micros: number;
  reported_cost_micros: number;
}

/** A rollup row with its `hour` or `day`. */
export type UsageRollupRow = UsageRow & Record<string, unknown>;

// PostgreSQL answers BIGINT as text: every count and sum goes through Number.
export const sumsOf = (row: Record<string, unknown>): UsageSums => ({
  costMicros: Number(row.cost_micros ?? 0),
  reportedCostMicros: Number(row.reported_cost_micros ?? 0),
  requests: Number(row.requests ?? 0),
  errors: Number(row.errors ?? 0),
  inputTokens: Number(row.input_tokens ?? 0),
  outputTokens: Number(row.output_tokens ?? 0),
  cachedInputTokens: Number(row.cached_input_tokens ?? 0),
});
