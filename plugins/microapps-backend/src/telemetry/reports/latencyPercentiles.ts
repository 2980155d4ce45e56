import { LATENCY_BOUNDS_MS, type LatencyHistogram } from '../latencyHistogram';

/** A latency percentile read from a histogram. */
export interface LatencyQuantile {
  /** Milliseconds, rounded to the millisecond. */
  ms: number;
  /**
   * The rank falls in the open top bucket (over 60 s): `ms` is then that
   * bucket's lower bound, and the latency is above it.
   */
  lowerBound: boolean;
}

/**
 * The `q` quantile (0 < q ≤ 1) of the durations in a histogram, as
 * Prometheus' `histogram_quantile` reads it: the bucket that holds the rank
 * `q × count` is found, and the value is interpolated linearly between its
 * bounds (the first bucket starts at 0). Undefined without durations.
 */
export function latencyQuantile(
  histogram: LatencyHistogram,
  q: number,
): LatencyQuantile | undefined {
  const { count, atMost } = histogram;
  if (count <= 0) return undefined;
  const rank = q * count;
  let below = 0;
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) {
    if (atMost[i] >= rank) {
      const from = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1];
      const to = LATENCY_BOUNDS_MS[i];
      const inBucket = atMost[i] - below;
      return {
        ms: Math.round(from + ((to - from) * (rank - below)) / inBucket),
        lowerBound: false,
      };
    }
    below = atMost[i];
  }
  return {
    ms: LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1],
    lowerBound: true,
  };
}

/** The median and 95th percentile latency of a histogram, with its sample count. */
export interface LatencyFigures {
  samples: number;
  p50?: LatencyQuantile;
  p95?: LatencyQuantile;
}

export const latencyFigures = (
  histogram: LatencyHistogram,
): LatencyFigures => ({
  samples: histogram.count,
  ...(histogram.count > 0
    ? {
        p50: latencyQuantile(histogram, 0.5),
        p95: latencyQuantile(histogram, 0.95),
      }
    : {}),
});
