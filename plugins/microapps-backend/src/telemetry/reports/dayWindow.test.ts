/*
 * The day loops and periods of the cost reports at the edges of the window
 * of days (utcDays): counted loops that end, and previous periods that stop
 * at its first day.
 */
import {
  addDays,
  EARLIEST_DAY,
  LATEST_DAY,
} from '@trellis/plugin-microapps-common';
import { emptyLatency } from '../latencyHistogram';
import type { DailyUsageRow } from '../TelemetryStore';
import { previousRange } from './dayRange';
import { DailyUsageCache, MAX_VISITED_DAYS } from './DailyUsageCache';

const row = (day: string): DailyUsageRow => ({
  entityRef: 'microapp:default/a',
  model: 'gpt-4o-mini',
  day,
  costMicros: 1,
  reportedCostMicros: 0,
  requests: 1,
  errors: 0,
  inputTokens: 1,
  outputTokens: 1,
  cachedInputTokens: 0,
  latency: emptyLatency(),
});

async function cacheWith(days: string[]) {
  const cache = new DailyUsageCache({
    store: {
      dailyUsageChanges: async () => ({
        rows: days.map(row),
        readAt: new Date(),
      }),
    },
  });
  await cache.refresh();
  return cache;
}

const visited = (cache: DailyUsageCache, from: string, to: string) => {
  const days: string[] = [];
  cache.forEachDay(from, to, day => days.push(day));
  return days;
};

describe('DailyUsageCache.forEachDay', () => {
  it('visits the window’s first and last day, and stops there', async () => {
    const cache = await cacheWith([EARLIEST_DAY, '2000-01-02', LATEST_DAY]);
    expect(visited(cache, EARLIEST_DAY, '2000-01-31')).toEqual([
      EARLIEST_DAY,
      '2000-01-02',
    ]);
    expect(visited(cache, '2099-12-01', LATEST_DAY)).toEqual([LATEST_DAY]);
    expect(visited(cache, LATEST_DAY, LATEST_DAY)).toEqual([LATEST_DAY]);
  });

  it('visits nothing when from is after to', async () => {
    const cache = await cacheWith([EARLIEST_DAY]);
    expect(visited(cache, '2026-01-02', '2026-01-01')).toEqual([]);
  });

  it(`refuses more than ${MAX_VISITED_DAYS} days`, async () => {
    const cache = await cacheWith([]);
    expect(() =>
      visited(cache, '2026-01-01', addDays('2026-01-01', MAX_VISITED_DAYS - 1)),
    ).not.toThrow();
    expect(() =>
      visited(cache, '2026-01-01', addDays('2026-01-01', MAX_VISITED_DAYS)),
    ).toThrow(RangeError);
    expect(() => visited(cache, EARLIEST_DAY, LATEST_DAY)).toThrow(RangeError);
  });

  it('throws rather than loop on days outside the window', async () => {
    const cache = await cacheWith([]);
    expect(() => visited(cache, '9999-12-01', '9999-12-31')).toThrow(
      RangeError,
    );
    expect(() => visited(cache, '1999-12-31', '2000-01-31')).toThrow(
      RangeError,
    );
    expect(() => visited(cache, '2099-12-01', '2100-01-31')).toThrow(
      RangeError,
    );
  });
});

describe('previousRange', () => {
  it('is the period of the same length before', () => {
    expect(previousRange({ from: '2026-03-01', to: '2026-03-31' })).toEqual({
      from: '2026-01-29',
      to: '2026-02-28',
    });
    expect(previousRange({ from: LATEST_DAY, to: LATEST_DAY })).toEqual({
      from: '2099-12-30',
      to: '2099-12-30',
    });
  });

  it('is cut at the window’s first day', () => {
    expect(previousRange({ from: '2000-01-05', to: '2000-01-31' })).toEqual({
      from: EARLIEST_DAY,
      to: '2000-01-04',
    });
    expect(previousRange({ from: '2000-01-02', to: '2000-12-31' })).toEqual({
      from: EARLIEST_DAY,
      to: EARLIEST_DAY,
    });
    expect(previousRange({ from: '2000-01-31', to: '2000-01-31' })).toEqual({
      from: '2000-01-30',
      to: '2000-01-30',
    });
  });

  it('is empty for a period that starts on the window’s first day', () => {
    expect(previousRange({ from: EARLIEST_DAY, to: '2000-01-31' })).toEqual({
      from: EARLIEST_DAY,
      to: '1999-12-31',
    });
  });
});
