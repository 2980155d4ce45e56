import type { ChartRow } from './dailyCostData';

/** A spike is clipped when it is more than this many times the costliest ordinary day. */
export const CLIP_RATIO = 2;

/** The next round number at or above `value`: 1, 2, 2.5 or 5 times a power of ten. */
export function niceCeil(value: number): number {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find(s => s * power >= value - 1e-9) ?? 10;
  return step * power;
}

/**
 * The top of the USD axis when anomalous days (as the backend marks them)
 * would squash every other bar: 1.5 times the costliest ordinary day,
 * rounded up, when a spike is more than {@link CLIP_RATIO} times that day.
 * Undefined when the axis can show everything.
 */
export function clippedAxisMax(
  rows: readonly ChartRow[],
  anomalous: ReadonlySet<string>,
): number | undefined {
  const ordinary = rows.filter(row => !anomalous.has(row.date));
  const spikes = rows.filter(row => anomalous.has(row.date));
  if (spikes.length === 0 || ordinary.length === 0) return undefined;
  const typical = Math.max(...ordinary.map(row => row.total));
  const top = Math.max(...spikes.map(row => row.total));
  if (typical <= 0 || top <= CLIP_RATIO * typical) return undefined;
  return niceCeil(typical * 1.5);
}

/** The USD axis' props for a clipped maximum: bars past it are cut. */
export const clippedAxisProps = (axisMax: number | undefined) =>
  axisMax !== undefined
    ? { domain: [0, axisMax], allowDataOverflow: true }
    : {};

/** The chart's margins: room above for two rows of spike labels when there are several. */
export const chartMargin = (spikeCount: number) => ({
  top: spikeCount > 1 ? 34 : 20,
  right: 16,
  bottom: 4,
  left: 4,
});
