/** The budget line is drawn only up to this many times the costliest day. */
export const BUDGET_LINE_MAX_RATIO = 4;

function sumByDay(points: ReadonlyArray<{ date: string; costUsd: number }>) {
  const totals = new Map<string, number>();
  for (const point of points)
    totals.set(point.date, (totals.get(point.date) ?? 0) + point.costUsd);
  return totals;
}

/**
 * Whether the daily budget is drawn as a line, or left off the chart
 * because it is far above every day.
 */
export function budgetLine(
  points: ReadonlyArray<{ date: string; costUsd: number }>,
  budgetPerDayUsd: number | undefined,
) {
  const maxDayUsd = points.length ? Math.max(...sumByDay(points).values()) : 0;
  const hasBudget = budgetPerDayUsd !== undefined && budgetPerDayUsd > 0;
  // A budget far above every day would squash the bars into the axis.
  const offChart =
    hasBudget &&
    maxDayUsd > 0 &&
    budgetPerDayUsd! > BUDGET_LINE_MAX_RATIO * maxDayUsd;
  return { show: hasBudget && !offChart, offChart };
}
