import {
  addDays,
  daysBetween,
  EARLIEST_DAY,
} from '@trellis/plugin-microapps-common';

/** A period of whole UTC days, both ends included. */
export interface DayRange {
  from: string;
  to: string;
}

/** The end of an empty previous period, as `previousRange` gives it. */
const DAY_BEFORE_WINDOW = '1999-12-31';

/**
 * The period of the same length that ends the day before `range.from`, cut
 * at the first day of the window (EARLIEST_DAY): shorter when it would reach
 * further back, and empty (from 2000-01-01 to 1999-12-31) for a period that
 * starts on that day.
 */
export const previousRange = (range: DayRange): DayRange => {
  if (range.from <= EARLIEST_DAY) {
    return { from: EARLIEST_DAY, to: DAY_BEFORE_WINDOW };
  }
  const length = Math.min(
    daysBetween(range.from, range.to),
    daysBetween(EARLIEST_DAY, range.from) - 1,
  );
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
};
