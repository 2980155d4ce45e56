/*
 * Calendar arithmetic on UTC days (`YYYY-MM-DD`) and months (`YYYY-MM`), as
 * the cost API counts them: shared by the backend's reports and the
 * frontend's period pickers.
 */

const DAY_MS = 86_400_000;

/** Longest period, in days, that the cost API answers for. @public */
export const MAX_COST_PERIOD_DAYS = 400;

/** The UTC day of a time. @public */
export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

/** @public */
export const addDays = (day: string, days: number): string =>
  dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

/** Days from `from` to `to`, both included. @public */
export const daysBetween = (from: string, to: string): number =>
  Math.round(
    (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS,
  ) + 1;

/** Whether a text is a real calendar day written `YYYY-MM-DD`. @public */
export const isDay = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  dayOf(new Date(`${value}T00:00:00Z`)) === value;

/** @public */
export const isMonth = (value: string): boolean =>
  /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/** The first and last day of a month written `YYYY-MM`, and its number of days. @public */
export function monthBounds(month: string): {
  first: string;
  last: string;
  days: number;
} {
  const [year, monthNumber] = month.split('-').map(Number);
  const days = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return {
    first: `${month}-01`,
    last: `${month}-${String(days).padStart(2, '0')}`,
    days,
  };
}
