import Tooltip from '@material-ui/core/Tooltip';
import type { AppCosts } from '@trellis/plugin-microapps-common';

type Latency = NonNullable<AppCosts['latency']>;
type Quantile = NonNullable<Latency['p50']>;

/** A latency percentile: `820 ms`, `1.4 s`, `12 s`; `> 60 s` when only a lower bound is known. */
export function formatLatency(quantile: Quantile): string {
  const { ms, lowerBound } = quantile;
  if (lowerBound) return `> ${Math.round(ms / 1000)} s`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  // Rounded in tenths first: 2050 ms is `2.1 s` (toFixed alone gives 2.0).
  return ms < 10_000
    ? `${(Math.round(ms / 100) / 10).toFixed(1)} s`
    : `${Math.round(ms / 1000)} s`;
}

/** p50 / p95 of a latency, or a dash that says why there is none. */
export function LatencyValue(props: { latency?: Latency }) {
  const { latency } = props;
  if (!latency?.p50 || !latency.p95) {
    return (
      <Tooltip title="No latency recorded in this period">
        <span>—</span>
      </Tooltip>
    );
  }
  return (
    <>
      {formatLatency(latency.p50)} / {formatLatency(latency.p95)}
    </>
  );
}
