import { addDays, daysBetween } from '@trellis/plugin-microapps-common';

/** A day above this many times the median daily cost is marked anomalous. */
export const ANOMALY_FACTOR = 3;

/**
 * The q-quantile (0 to 1) of some numbers, interpolated linearly between the
 * two nearest ranks (as spreadsheets' PERCENTILE does); 0 for none.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** The UTC days from `from` to `to`, both included. */
export function daysFromTo(from: string, to: string): string[] {
  if (to < from) return [];
  return Array.from({ length: daysBetween(from, to) }, (_, index) =>
    addDays(from, index),
  );
}

/** Each day's cost in micro-dollars, 0 for a day without usage. */
export function dailyCosts(
  days: readonly string[],
  costOf: ReadonlyMap<string, number>,
): number[] {
  return days.map(day => costOf.get(day) ?? 0);
}

/**
 * The days that cost more than {@link ANOMALY_FACTOR} times the median
 * daily cost of the days given (days without usage count as 0); none when
 * the median is 0.
 */
export function anomalousDays(
  days: readonly string[],
  costOf: ReadonlyMap<string, number>,
): string[] {
  const median = quantile(dailyCosts(days, costOf), 0.5);
  if (median <= 0) return [];
  return days.filter(day => (costOf.get(day) ?? 0) > ANOMALY_FACTOR * median);
}

/** The month-end forecast and its range, in micro-dollars. */
export interface MonthForecast {
  forecastMicros: number;
  lowMicros: number;
  highMicros: number;
  /** Median, 25th and 75th percentile of the daily costs it is based on. */
  medianDailyMicros: number;
  p25DailyMicros: number;
  p75DailyMicros: number;
  /** How many days the daily figures were taken from. */
  basisDays: number;
}

/**
 * The month-end forecast: the month to date (today included) plus the
 * median daily cost for each day left after today; the range uses the 25th
 * and 75th percentile daily cost instead. The daily costs are those of the
 * month's completed days (before today), or today's alone on the 1st. A
 * median resists a spike: one expensive day moves the month to date by what
 * it cost, not the pace of every day left.
 */
export function monthForecast(options: {
  monthStart: string;
  today: string;
  daysInMonth: number;
  monthToDateMicros: number;
  costOf: ReadonlyMap<string, number>;
}): MonthForecast {
  const { monthStart, today, daysInMonth, monthToDateMicros, costOf } = options;
  const dayOfMonth = Number(today.slice(8, 10));
  const basis =
    dayOfMonth > 1 ? daysFromTo(monthStart, addDays(today, -1)) : [today];
  const costs = dailyCosts(basis, costOf);
  const daysLeft = daysInMonth - dayOfMonth;
  const [p25, median, p75] = [0.25, 0.5, 0.75].map(q => quantile(costs, q));
  const at = (daily: number) =>
    monthToDateMicros + Math.round(daily * daysLeft);
  return {
    forecastMicros: at(median),
    lowMicros: at(p25),
    highMicros: at(p75),
    medianDailyMicros: Math.round(median),
    p25DailyMicros: Math.round(p25),
    p75DailyMicros: Math.round(p75),
    basisDays: basis.length,
  };
}
