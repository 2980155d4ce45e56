import {
  addDays,
  dayOf,
  daysBetween,
  EARLIEST_DAY,
  EARLIEST_MONTH,
  endOfDay,
  isDay,
  isMonth,
  LATEST_DAY,
  LATEST_MONTH,
  monthBounds,
} from './utcDays';

describe('the day window', () => {
  it('runs from 2000-01-01 to 2099-12-31', () => {
    expect([EARLIEST_DAY, LATEST_DAY]).toEqual(['2000-01-01', '2099-12-31']);
    expect([EARLIEST_MONTH, LATEST_MONTH]).toEqual(['2000-01', '2099-12']);
  });
});

describe('isDay', () => {
  it.each([
    '2000-01-01',
    '2000-02-29',
    '2026-01-01',
    '2028-02-29',
    '2099-12-31',
  ])('accepts %j', value => {
    expect(isDay(value)).toBe(true);
  });

  it.each([
    '1999-12-31',
    '2100-01-01',
    '0000-01-01',
    '9999-12-31',
    '+010000-01-01',
    '-000001-12-31',
    '2026-02-29',
    '2100-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-01-00',
    '',
    ' 2026-01-01',
    '2026-01-01 ',
    '2026-01-01\n',
    '2026-1-1',
    '2026-01',
    '2026/01/01',
    '2026-01-01T00:00:00Z',
    '٢٠٢٦-٠١-٠١',
    '２０２６-０１-０１',
    '2026\u200f-01-01',
    '2026-01-01\u0000',
  ])('refuses %j', value => {
    expect(isDay(value)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isDay(20260101 as unknown as string)).toBe(false);
    expect(isDay(undefined as unknown as string)).toBe(false);
  });
});

describe('isMonth', () => {
  it.each(['2000-01', '2026-02', '2099-12'])('accepts %j', value => {
    expect(isMonth(value)).toBe(true);
  });

  it.each([
    '1999-12',
    '2100-01',
    '0000-01',
    '9999-12',
    '+010000-01',
    '-000001-12',
    '2026-13',
    '2026-00',
    '2026-1',
    '',
    ' 2026-01',
    '2026-01-01',
    '٢٠٢٦-٠١',
    '２０２６-０１',
  ])('refuses %j', value => {
    expect(isMonth(value)).toBe(false);
  });
});

describe('addDays', () => {
  it('moves within the window, across months, years and leap days', () => {
    expect(addDays('2026-01-01', 0)).toBe('2026-01-01');
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-01-30', -29)).toBe('2026-01-01');
  });

  it('reaches both ends of the window', () => {
    expect(addDays('2000-01-02', -1)).toBe('2000-01-01');
    expect(addDays('2099-12-30', 1)).toBe('2099-12-31');
    expect(
      addDays(EARLIEST_DAY, daysBetween(EARLIEST_DAY, LATEST_DAY) - 1),
    ).toBe(LATEST_DAY);
    expect(addDays(LATEST_DAY, 1 - daysBetween(EARLIEST_DAY, LATEST_DAY))).toBe(
      EARLIEST_DAY,
    );
  });

  it('refuses to leave the window, naming the day', () => {
    expect(() => addDays('2000-01-01', -1)).toThrow(RangeError);
    expect(() => addDays('2000-01-01', -1)).toThrow(/2000-01-01 - 1 days/);
    expect(() => addDays('2099-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('2099-12-31', 1)).toThrow(/2099-12-31 \+ 1 days/);
    expect(() => addDays('2026-01-01', 100_000)).toThrow(RangeError);
    expect(() => addDays('2026-01-01', -100_000)).toThrow(RangeError);
    expect(() => addDays('2026-01-01', Number.MAX_SAFE_INTEGER)).toThrow(
      RangeError,
    );
  });

  it.each([
    '1999-12-31',
    '2100-01-01',
    '0000-01-01',
    '9999-12-31',
    '+010000-01-01',
    '-000001-12-31',
    '2026-02-29',
    '',
    ' 2026-01-01',
    '2026-1-1',
    '٢٠٢٦-٠١-٠١',
  ])('refuses to start from %j, naming it', value => {
    expect(() => addDays(value, 0)).toThrow(RangeError);
    expect(() => addDays(value, 1)).toThrow(JSON.stringify(value));
  });

  it.each([0.5, NaN, Infinity, -Infinity])('refuses to add %p days', days => {
    expect(() => addDays('2026-01-01', days)).toThrow(RangeError);
  });

  it('never returns anything but a day in the window', () => {
    const total = daysBetween(EARLIEST_DAY, LATEST_DAY);
    for (const start of [
      EARLIEST_DAY,
      '2026-02-28',
      '2028-02-29',
      LATEST_DAY,
    ]) {
      for (const days of [-total, -366, -1, 0, 1, 365, total]) {
        let outcome: unknown;
        try {
          outcome = addDays(start, days);
        } catch (error) {
          outcome = error;
        }
        expect(
          outcome instanceof RangeError ||
            (typeof outcome === 'string' && isDay(outcome)),
        ).toBe(true);
      }
    }
  });
});

describe('daysBetween', () => {
  it('counts both ends', () => {
    expect(daysBetween('2026-01-01', '2026-01-01')).toBe(1);
    expect(daysBetween('2026-01-01', '2026-01-31')).toBe(31);
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(30);
    expect(daysBetween('2026-01-02', '2026-01-01')).toBe(0);
    expect(daysBetween(EARLIEST_DAY, LATEST_DAY)).toBe(36525);
  });

  it('is NaN for what is not a day', () => {
    expect(daysBetween('', '2026-01-01')).toBeNaN();
    expect(daysBetween('2026-01-01', 'tomorrow')).toBeNaN();
  });
});

describe('endOfDay', () => {
  it('is midnight UTC after the day, also for the last day of the window', () => {
    expect(endOfDay('2026-02-28').toISOString()).toBe(
      '2026-03-01T00:00:00.000Z',
    );
    expect(endOfDay(LATEST_DAY).toISOString()).toBe('2100-01-01T00:00:00.000Z');
  });

  it.each(['1999-12-31', '2100-01-01', '9999-12-31', ''])(
    'refuses %j',
    value => {
      expect(() => endOfDay(value)).toThrow(RangeError);
    },
  );
});

describe('monthBounds', () => {
  it('gives the first and last day', () => {
    expect(monthBounds('2026-02')).toEqual({
      first: '2026-02-01',
      last: '2026-02-28',
      days: 28,
    });
    expect(monthBounds('2028-02')).toEqual({
      first: '2028-02-01',
      last: '2028-02-29',
      days: 29,
    });
    expect(monthBounds(EARLIEST_MONTH).first).toBe(EARLIEST_DAY);
    expect(monthBounds(LATEST_MONTH).last).toBe(LATEST_DAY);
  });

  it.each([
    '1999-12',
    '2100-01',
    '0000-01',
    '9999-12',
    '2026-13',
    '',
    '٢٠٢٦-٠١',
  ])('refuses %j, naming it', value => {
    expect(() => monthBounds(value)).toThrow(RangeError);
    expect(() => monthBounds(value)).toThrow(JSON.stringify(value));
  });
});

describe('dayOf', () => {
  it('gives the UTC day', () => {
    expect(dayOf(new Date('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01');
  });

  it('refuses times beyond four-digit years', () => {
    expect(() => dayOf(new Date('+010000-01-01T00:00:00Z'))).toThrow(
      RangeError,
    );
    expect(() => dayOf(new Date('-000001-12-31T00:00:00Z'))).toThrow(
      RangeError,
    );
  });
});
