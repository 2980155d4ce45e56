import {
  VIOLATION_TYPES,
  type ViolationPage,
  type ViolationType,
} from '@trellis/plugin-microapps-common';
import { daysBetween } from '../shared/formatTimes';

/** One UTC day of the chart: its date and a count per violation type. */
export type DayRow = { date: string } & Partial<Record<ViolationType, number>>;

/** Violations per day and type, with a row for every day of the range (zeros included). */
export function dailyViolationRows(
  series: ViolationPage['series'],
  from: string,
  to: string,
): { rows: DayRow[]; types: ViolationType[]; total: number } {
  const byDay = new Map<string, DayRow>(
    daysBetween(from, to).map(date => [date, { date }]),
  );
  let total = 0;
  for (const point of series) {
    const row = byDay.get(point.date);
    if (!row) continue;
    row[point.type] = (row[point.type] ?? 0) + point.count;
    total += point.count;
  }
  const seen = new Set(series.map(point => point.type));
  return {
    rows: [...byDay.values()],
    types: VIOLATION_TYPES.filter(type => seen.has(type)),
    total,
  };
}
