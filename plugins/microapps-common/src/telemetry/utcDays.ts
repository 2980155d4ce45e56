/*
 * Calendar arithmetic on UTC days (`YYYY-MM-DD`) and months (`YYYY-MM`), as
 * the cost API counts them: shared by the backend's reports and the
 * frontend's period pickers.
 *
 * Every day and month the API accepts, and every day computed here, lies in
 * one window: from 2000-01-01 to 2099-12-31, both included. Within it a day
 * is always written with a four-digit year, so days compare as text in
 * calendar order; outside it `Date` writes `+010000-01-01` or
 * `-000001-12-31`, which do not. The API answers 400 for a day or month
 * outside the window, and the arithmetic below throws a RangeError rather
 * than leave it.
 */

const DAY_MS = 86_400_000;

/** Longest period, in days, that the cost API answers for. @public */
export const MAX_COST_PERIOD_DAYS = 400;

/** The first day the cost API accepts. @public */
export const EARLIEST_DAY = '2000-01-01';

/** The last day the cost API accepts. @public */
export const LATEST_DAY = '2099-12-31';

/** The first month the cost API accepts. @public */
export const EARLIEST_MONTH = EARLIEST_DAY.slice(0, 7);

/** The last month the cost API accepts. @public */
export const LATEST_MONTH = LATEST_DAY.slice(0, 7);

const EARLIEST_MS = Date.parse(`${EARLIEST_DAY}T00:00:00Z`);
const LATEST_MS = Date.parse(`${LATEST_DAY}T00:00:00Z`);

/** `2000-01-01` and nothing else: ASCII digits, no sign, no spaces. */
const DAY_PATTERN = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const MONTH_PATTERN = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

/**
 * The UTC day of a time; a RangeError for a time whose year is not written
 * with four digits. @public
 */
export const dayOf = (date: Date): string => {
  const day = date.toISOString().slice(0, 10);
  if (!DAY_PATTERN.test(day)) {
    throw new RangeError(`No YYYY-MM-DD day for ${date.toISOString()}`);
  }
  return day;
};

/**
 * Whether a text is a real calendar day written `YYYY-MM-DD` in the window,
 * from {@link EARLIEST_DAY} to {@link LATEST_DAY}. @public
 */
export const isDay = (value: string): boolean =>
  typeof value === 'string' &&
  DAY_PATTERN.test(value) &&
  value >= EARLIEST_DAY &&
  value <= LATEST_DAY &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  dayOf(new Date(`${value}T00:00:00Z`)) === value;

/**
 * Whether a text is a month written `YYYY-MM` in the window, from
 * {@link EARLIEST_MONTH} to {@link LATEST_MONTH}. @public
 */
export const isMonth = (value: string): boolean =>
  typeof value === 'string' &&
  MONTH_PATTERN.test(value) &&
  value >= EARLIEST_MONTH &&
  value <= LATEST_MONTH;

const outsideWindow = (what: string) =>
  new RangeError(
    `${what} is not a day from ${EARLIEST_DAY} to ${LATEST_DAY} (YYYY-MM-DD)`,
  );

/**
 * The day `days` days after `day` (before it if negative). A RangeError when
 * `day` is not a day in the window (see {@link isDay}), `days` is not a whole
 * number, or the result would leave the window. @public
 */
export const addDays = (day: string, days: number): string => {
  if (!isDay(day)) throw outsideWindow(JSON.stringify(day));
  if (!Number.isInteger(days)) {
    throw new RangeError(
      `Cannot add ${days} days to ${day}: not a whole number`,
    );
  }
  const time = Date.parse(`${day}T00:00:00Z`) + days * DAY_MS;
  if (!(time >= EARLIEST_MS && time <= LATEST_MS)) {
    throw outsideWindow(
      `${day} ${days < 0 ? '-' : '+'} ${Math.abs(days)} days`,
    );
  }
  return dayOf(new Date(time));
};

/**
 * Days from `from` to `to`, both included: 0 or less when `from` is after
 * `to`, NaN when either is not a day. @public
 */
export const daysBetween = (from: string, to: string): number =>
  Math.round(
    (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS,
  ) + 1;

/**
 * The instant a day ends: midnight UTC after it, the exclusive end of a
 * period that includes the day (`2100-01-01T00:00:00Z` for
 * {@link LATEST_DAY}). A RangeError when `day` is not a day in the window.
 * @public
 */
export const endOfDay = (day: string): Date => {
  if (!isDay(day)) throw outsideWindow(JSON.stringify(day));
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS);
};

/**
 * The first and last day of a month written `YYYY-MM`, and its number of
 * days. A RangeError when `month` is not a month in the window (see
 * {@link isMonth}). @public
 */
export function monthBounds(month: string): {
  first: string;
  last: string;
  days: number;
} {
  if (!isMonth(month)) {
    throw new RangeError(
      `${JSON.stringify(
        month,
      )} is not a month from ${EARLIEST_MONTH} to ${LATEST_MONTH} (YYYY-MM)`,
    );
  }
  const [year, monthNumber] = month.split('-').map(Number);
  const days = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return {
    first: `${month}-01`,
    last: `${month}-${String(days).padStart(2, '0')}`,
    days,
  };
}
