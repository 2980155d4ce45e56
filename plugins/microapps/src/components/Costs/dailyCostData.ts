import type { Theme } from '@material-ui/core/styles';
import { otherSeriesColor, seriesColors } from './seriesColors';

/** One stacked series of the chart. */
export interface CostSeries {
  key: string;
  label: string;
  /** Drawn in the neutral "everything else" colour. */
  other?: boolean;
}

/** A series' cost on one day. */
export type CostPoint = { date: string; key: string; costUsd: number };

/** One day of the chart: its total and each series' cost by data key. */
export type ChartRow = { date: string; total: number } & Record<string, number>;

/** What the tooltip shows for each data key. */
export type SeriesLabels = Map<string, { label: string; color: string }>;

/**
 * The chart's rows (every day, zero where nothing was reported), its bars
 * with their colours, and the label of each bar's data key.
 */
export function dailyCostData(
  days: string[],
  points: ReadonlyArray<CostPoint>,
  series: CostSeries[],
  theme: Theme,
) {
  // Series keys can hold dots and slashes ("gpt-4.1", "group:default/x"),
  // which recharts would read as paths: address them by position instead.
  const dataKeys = new Map(series.map((s, index) => [s.key, `s${index}`]));
  const byDay = new Map<string, ChartRow>(
    days.map(date => {
      const row = { date, total: 0 } as ChartRow;
      for (const dataKey of dataKeys.values()) row[dataKey] = 0;
      return [date, row];
    }),
  );
  for (const point of points) {
    const row = byDay.get(point.date);
    const dataKey = dataKeys.get(point.key);
    if (!row || !dataKey) continue;
    row[dataKey] += point.costUsd;
    row.total += point.costUsd;
  }
  const palette = seriesColors(theme, series.filter(s => !s.other).length);
  let next = 0;
  const described = series.map((s, index) => ({
    ...s,
    dataKey: `s${index}`,
    color: s.other ? otherSeriesColor(theme) : palette[next++],
  }));
  const labels: SeriesLabels = new Map(
    described.map(s => [s.dataKey, { label: s.label, color: s.color }]),
  );
  return { rows: Array.from(byDay.values()), bars: described, labels };
}
