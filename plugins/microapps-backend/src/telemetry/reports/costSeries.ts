import {
  compareCodeUnits,
  type CostGroup,
  microsToUsd,
} from '@trellis/plugin-microapps-common';
import type { GroupTally } from './costGroups';

/** Groups shown one by one in the cost report's daily series; the rest are summed. */
const SERIES_GROUPS = 12;
const OTHER_KEY = '(other)';

type SeriesPoint = { date: string; key: string; costUsd: number };

/**
 * The cost report's daily series: the largest groups day by day; the rest
 * summed as `(other)`. In date order, then key order.
 */
export function costSeries(
  rows: readonly CostGroup[],
  groups: readonly GroupTally[],
  periodDays: readonly string[],
): SeriesPoint[] {
  const shown = new Set(rows.slice(0, SERIES_GROUPS).map(row => row.key));
  const series: SeriesPoint[] = [];
  const addPoints = (key: string, dailyCost: Float64Array) =>
    dailyCost.forEach((costMicros, index) => {
      if (costMicros !== 0)
        series.push({
          date: periodDays[index],
          key,
          costUsd: microsToUsd(costMicros),
        });
    });
  const otherCost = new Float64Array(periodDays.length);
  for (const group of groups) {
    if (!group.dailyCost) continue;
    if (shown.has(group.key)) addPoints(group.key, group.dailyCost);
    else group.dailyCost.forEach((cost, index) => (otherCost[index] += cost));
  }
  addPoints(OTHER_KEY, otherCost);
  return series.sort(
    (a, b) =>
      compareCodeUnits(a.date, b.date) || compareCodeUnits(a.key, b.key),
  );
}
