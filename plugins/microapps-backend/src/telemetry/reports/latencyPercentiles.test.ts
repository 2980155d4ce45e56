import {
  countDuration,
  emptyLatency,
  LATENCY_COLUMNS,
  latencyOf,
  type LatencyColumn,
} from '../latencyHistogram';
import { latencyFigures, latencyQuantile } from './latencyPercentiles';

/** The histogram the rollups would hold for these durations (ms). */
function histogramOf(...durationsMs: number[]) {
  const row = Object.fromEntries(
    LATENCY_COLUMNS.map(column => [column, 0]),
  ) as Record<LatencyColumn, number>;
  for (const ms of durationsMs) countDuration(row, ms);
  return latencyOf(row);
}

describe('latency histogram', () => {
  it('counts each duration in every bucket whose bound it does not exceed', () => {
    const row = histogramOf(100, 100.5, 60_000, 60_001);
    expect(row.count).toBe(4);
    // ≤100 ms, ≤250 ms, ≤500 ms, ≤1 s, … ≤60 s
    expect(row.atMost).toEqual([1, 2, 2, 2, 2, 2, 2, 2, 2, 3]);
    expect(row.over).toBe(1);
  });
});

describe('latencyQuantile', () => {
  it('interpolates inside the bucket that holds the rank', () => {
    // 8 spans in (500 ms, 1 s], 8 in (1 s, 2 s], 4 in (2 s, 4 s].
    const histogram = histogramOf(
      ...Array(8).fill(700),
      ...Array(8).fill(1_500),
      ...Array(4).fill(3_000),
    );
    // p50: rank 10, the 2nd of 8 in (1 s, 2 s]: 1000 + 1000 × 2/8.
    expect(latencyQuantile(histogram, 0.5)).toEqual({
      ms: 1_250,
      lowerBound: false,
    });
    // p95: rank 19, the 3rd of 4 in (2 s, 4 s]: 2000 + 2000 × 3/4.
    expect(latencyQuantile(histogram, 0.95)).toEqual({
      ms: 3_500,
      lowerBound: false,
    });
  });

  it('starts the first bucket at 0 ms', () => {
    const histogram = histogramOf(10, 20, 30, 40);
    // p50: rank 2 of 4 in (0, 100 ms]: 100 × 2/4; p95: rank 3.8: 100 × 3.8/4.
    expect(latencyFigures(histogram)).toEqual({
      samples: 4,
      p50: { ms: 50, lowerBound: false },
      p95: { ms: 95, lowerBound: false },
    });
  });

  it('reports a rank in the open top bucket as above 60 s, flagged', () => {
    // 5 spans in (32 s, 60 s], 5 over 60 s.
    const histogram = histogramOf(
      ...Array(5).fill(45_000),
      ...Array(5).fill(90_000),
    );
    // p50: rank 5, the last of the (32 s, 60 s] bucket: its upper bound.
    expect(latencyQuantile(histogram, 0.5)).toEqual({
      ms: 60_000,
      lowerBound: false,
    });
    expect(latencyQuantile(histogram, 0.95)).toEqual({
      ms: 60_000,
      lowerBound: true,
    });
  });

  it('has no percentiles without durations', () => {
    expect(latencyQuantile(emptyLatency(), 0.5)).toBeUndefined();
    expect(latencyFigures(emptyLatency())).toEqual({ samples: 0 });
  });
});
