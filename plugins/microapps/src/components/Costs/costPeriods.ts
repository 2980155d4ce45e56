/** Cost periods as the cost pages pick and show them; day arithmetic is the API's own (common). */
import {
  addDays,
  dayOf,
  daysBetween,
  MAX_COST_PERIOD_DAYS,
  monthBounds,
} from '@trellis/plugin-microapps-common';

export {
  addDays,
  dayOf,
  daysBetween,
  isDay,
} from '@trellis/plugin-microapps-common';

/** Longest period the cost API answers for. */
export const MAX_PERIOD_DAYS = MAX_COST_PERIOD_DAYS;

/** The preset periods of the period pickers, in days ending today. */
export const PRESET_PERIODS = [7, 30, 90] as const;
export type PresetPeriod = (typeof PRESET_PERIODS)[number];

export interface DayPeriod {
  from: string;
  to: string;
}

/** Today as the backend sees it: the current UTC day. */
export const todayUtc = (): string => dayOf(new Date());

/** Every day from `from` to `to`, both included (empty when `from` is after `to`). */
export function daysOf(period: DayPeriod): string[] {
  // Counted: the day after the window's last day is never asked for.
  const count = Math.min(daysBetween(period.from, period.to), MAX_PERIOD_DAYS);
  const days: string[] = [];
  for (let i = 0; i < count; i++) days.push(addDays(period.from, i));
  return days;
}

/** The last `days` days, today included. */
export const lastDays = (days: number, today = todayUtc()): DayPeriod => ({
  from: addDays(today, -(days - 1)),
  to: today,
});

/** Number of days of a month written `YYYY-MM`. */
export const daysInMonth = (month: string): number => monthBounds(month).days;

/** `2026-11` → `November 2026`. */
export function formatMonth(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** The current month and the `count - 1` before it, newest first. */
export function recentMonths(count: number, today = todayUtc()): string[] {
  const [year, month] = today.split('-').map(Number);
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(Date.UTC(year, month - 1 - index, 1));
    return dayOf(date).slice(0, 7);
  });
}

/** `Oct 25 – Nov 23, 2026`, or `Nov 23, 2026` for one day. */
export function formatPeriod(period: DayPeriod): string {
  const format = (day: string, withYear: boolean) =>
    new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', {
      month: 'short',
      day: 'numeric',
      year: withYear ? 'numeric' : undefined,
      timeZone: 'UTC',
    });
  if (period.from === period.to) return format(period.to, true);
  const sameYear = period.from.slice(0, 4) === period.to.slice(0, 4);
  return `${format(period.from, !sameYear)} – ${format(period.to, true)}`;
}
