/**
 * The latency histogram the usage rollups keep per app, model and hour or
 * day: fixed bucket bounds, so that rows add up column by column and
 * percentiles can be read from any sum of them (see
 * reports/latencyPercentiles.ts).
 */

/** Upper bounds of the buckets, in ms; a longer span is in the open top bucket. */
export const LATENCY_BOUNDS_MS = [
  100, 250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000,
] as const;

/**
 * The rollup columns, cumulative like Prometheus' `le` buckets: each
 * `latency_le_*` counts the spans that took at most that long,
 * `latency_gt_60s` those that took longer, `latency_count` all the spans
 * with a valid duration (so `latency_le_60s + latency_gt_60s`).
 */
export const LATENCY_AT_MOST_COLUMNS = [
  'latency_le_100ms',
  'latency_le_250ms',
  'latency_le_500ms',
  'latency_le_1s',
  'latency_le_2s',
  'latency_le_4s',
  'latency_le_8s',
  'latency_le_16s',
  'latency_le_32s',
  'latency_le_60s',
] as const;

export const LATENCY_COLUMNS = [
  ...LATENCY_AT_MOST_COLUMNS,
  'latency_gt_60s',
  'latency_count',
] as const;

export type LatencyColumn = (typeof LATENCY_COLUMNS)[number];

/** Durations above this are taken for broken clocks, not for latency. */
export const MAX_DURATION_MS = 60 * 60 * 1000;

/** Span durations in fixed buckets. */
export interface LatencyHistogram {
  /** Spans with a valid duration. */
  count: number;
  /** Per bound of {@link LATENCY_BOUNDS_MS}: the spans that took at most that long. */
  atMost: number[];
  /** The spans that took longer than the last bound. */
  over: number;
}

export const emptyLatency = (): LatencyHistogram => ({
  count: 0,
  atMost: LATENCY_BOUNDS_MS.map(() => 0),
  over: 0,
});

/** Adds `more` to `target` in place. */
export function addLatencyInto(
  target: LatencyHistogram,
  more: LatencyHistogram,
): LatencyHistogram {
  target.count += more.count;
  for (let i = 0; i < target.atMost.length; i++)
    target.atMost[i] += more.atMost[i];
  target.over += more.over;
  return target;
}

/** Counts one duration into the latency columns of a rollup row. */
export function countDuration(
  row: Record<LatencyColumn, number>,
  durationMs: number,
) {
  row.latency_count += 1;
  if (durationMs > LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1]) {
    row.latency_gt_60s += 1;
    return;
  }
  for (let i = LATENCY_BOUNDS_MS.length - 1; i >= 0; i--) {
    if (durationMs > LATENCY_BOUNDS_MS[i]) return;
    row[LATENCY_AT_MOST_COLUMNS[i]] += 1;
  }
}

/** The histogram of a rollup row (PostgreSQL answers BIGINT as text). */
export const latencyOf = (row: Record<string, unknown>): LatencyHistogram => ({
  count: Number(row.latency_count ?? 0),
  atMost: LATENCY_AT_MOST_COLUMNS.map(column => Number(row[column] ?? 0)),
  over: Number(row.latency_gt_60s ?? 0),
});
