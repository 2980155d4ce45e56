import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { DatabaseTelemetryStore } from '../DatabaseTelemetryStore';
import { emptyLatency } from '../latencyHistogram';
import type { DailyUsageRow, TelemetryStore } from '../TelemetryStore';
import { DailyUsageCache, RELOAD_MS } from './DailyUsageCache';
import type { SpanRecord } from '../ingest/spanRecords';

const databases = TestDatabases.create();

let spanCounter = 0;
/** One model call of `costMicros` by an app on a day. */
function call(entityRef: string, day: string, costMicros: number): SpanRecord {
  spanCounter += 1;
  const spanKey = `${String(spanCounter).padStart(32, '0')}${'1'.repeat(16)}`;
  return {
    spanKey,
    violations: [],
    usage: {
      entityRef,
      model: 'gpt-4o-mini',
      hour: `${day}T10`,
      day,
      startMs: Date.parse(`${day}T10:00:00Z`),
      inputTokens: 1000,
      outputTokens: 100,
      cachedInputTokens: 0,
      costMicros,
      error: false,
    },
  };
}

/** Cost per app between two days, as the cache holds it. */
function costs(cache: DailyUsageCache, from: string, to: string) {
  const byApp: Record<string, number> = {};
  cache.forEachDay(from, to, (_day, rows) => {
    for (const row of rows)
      byApp[row.entityRef] = (byApp[row.entityRef] ?? 0) + row.costMicros;
  });
  return byApp;
}

describe.each(databases.eachSupportedId())(
  'DailyUsageCache (%s)',
  databaseId => {
    let knex: Knex;
    let store: DatabaseTelemetryStore;
    const now = new Date();

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      store = await DatabaseTelemetryStore.create({
        database: { getClient: async () => knex },
      });
    });

    it('shows, after each refresh, everything committed before it', async () => {
      const cache = new DailyUsageCache({ store });
      await store.ingest(
        [call('microapp:default/a', '2026-11-02', 1_500_000)],
        new Map(),
        now,
      );
      await cache.refresh();
      expect(costs(cache, '2026-11-01', '2026-11-30')).toEqual({
        'microapp:default/a': 1_500_000,
      });

      await store.ingest(
        [
          call('microapp:default/a', '2026-11-02', 250_000),
          call('microapp:default/b', '2026-11-03', 2_000_000),
        ],
        new Map(),
        now,
      );
      await cache.refresh();
      expect(costs(cache, '2026-11-01', '2026-11-30')).toEqual({
        'microapp:default/a': 1_750_000,
        'microapp:default/b': 2_000_000,
      });
      // Only the days asked for.
      expect(costs(cache, '2026-11-03', '2026-11-03')).toEqual({
        'microapp:default/b': 2_000_000,
      });
    });

    it('reads again the writes stamped shortly before its last read, which may have committed after it', async () => {
      const cache = new DailyUsageCache({ store });
      await store.ingest(
        [call('microapp:default/a', '2026-11-02', 1)],
        new Map(),
        now,
      );
      await cache.refresh();

      // A transaction that wrote a minute before that read but committed
      // after it: its stamp is older than the read.
      const stamp = new Date(Date.now() - 60_000);
      await knex('microapps_usage_daily')
        .where({ entity_ref: 'microapp:default/a' })
        .update({
          cost_micros: 3,
          changed_at:
            knex.client.config.client === 'pg'
              ? stamp
              : stamp.toISOString().slice(0, 19).replace('T', ' '),
        });
      await cache.refresh();
      expect(costs(cache, '2026-11-01', '2026-11-30')).toEqual({
        'microapp:default/a': 3,
      });
    });

    it('drops deleted rows at the hourly full reload, without making a refresh wait for it', async () => {
      let clock = Date.now();
      const cache = new DailyUsageCache({ store, clock: () => clock });
      await store.ingest(
        [
          call('microapp:default/old', '2025-09-01', 4),
          call('microapp:default/a', '2026-11-02', 1),
        ],
        new Map(),
        now,
      );
      await cache.refresh();
      const stringsBefore = cache.internedStrings;
      await store.applyRetention(
        {
          spanKeyDays: 400,
          hourlyDays: 400,
          dailyDays: 400,
          violationDays: 400,
        },
        new Date('2026-11-23T00:00:00Z'),
      );
      await cache.refresh();
      // Deletions are not changes a refresh can see.
      expect(costs(cache, '2025-01-01', '2026-12-31')).toEqual({
        'microapp:default/old': 4,
        'microapp:default/a': 1,
      });

      clock += RELOAD_MS + 1;
      await cache.refresh(); // starts the reload in the background
      let shown: Record<string, number> = {};
      for (let attempt = 0; attempt < 100; attempt++) {
        await cache.refresh(); // swaps the reload in once it is done
        shown = costs(cache, '2025-01-01', '2026-12-31');
        if (!shown['microapp:default/old']) break;
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      expect(shown).toEqual({ 'microapp:default/a': 1 });
      // The strings of the deleted rows (its ref, day and key) are let go too.
      expect(cache.internedStrings).toBe(stringsBefore - 3);
    });
  },
);

describe('DailyUsageCache refresh coordination', () => {
  /**
   * A source whose reads finish when the test says so: a real database
   * cannot be made to answer a read before a write that commits during it.
   */
  function controllableSource() {
    const reads: Array<{
      since?: Date;
      finish: (rows: DailyUsageRow[]) => void;
    }> = [];
    const source: Pick<TelemetryStore, 'dailyUsageChanges'> = {
      dailyUsageChanges: since =>
        new Promise(resolve =>
          reads.push({
            since,
            finish: rows => resolve({ rows, readAt: new Date() }),
          }),
        ),
    };
    return { source, reads };
  }
  const row = (costMicros: number): DailyUsageRow => ({
    entityRef: 'microapp:default/a',
    model: 'gpt-4o-mini',
    day: '2026-11-02',
    costMicros,
    reportedCostMicros: 0,
    requests: 1,
    errors: 0,
    inputTokens: 10,
    outputTokens: 1,
    cachedInputTokens: 0,
    latency: emptyLatency(),
  });
  const flush = () => new Promise(resolve => setImmediate(resolve));

  it('makes a caller that arrives during a read wait for a read that starts after its call', async () => {
    const { source, reads } = controllableSource();
    const cache = new DailyUsageCache({ store: source });
    const first = cache.refresh();
    await flush();
    reads[0].finish([row(1)]);
    await first;

    const running = cache.refresh();
    await flush();
    expect(reads).toHaveLength(2);
    // Data committed now is not in the running read; two callers arrive.
    let latecomersDone = 0;
    const latecomers = [cache.refresh(), cache.refresh()].map(p =>
      p.then(() => {
        latecomersDone += 1;
      }),
    );
    reads[1].finish([]);
    await running;
    await flush();
    expect(latecomersDone).toBe(0);
    // They share one further read.
    expect(reads).toHaveLength(3);
    reads[2].finish([row(5)]);
    await Promise.all(latecomers);
    expect(costs(cache, '2026-11-01', '2026-11-30')).toEqual({
      'microapp:default/a': 5,
    });
  });

  it('passes a failed read on to its callers and recovers at the next refresh', async () => {
    const failing: Pick<TelemetryStore, 'dailyUsageChanges'> = {
      dailyUsageChanges: () => Promise.reject(new Error('connection refused')),
    };
    const { source, reads } = controllableSource();
    let current = failing;
    const cache = new DailyUsageCache({
      store: { dailyUsageChanges: since => current.dailyUsageChanges(since) },
    });
    await expect(cache.refresh()).rejects.toThrow('connection refused');
    expect(() =>
      cache.forEachDay('2026-11-01', '2026-11-30', () => {}),
    ).toThrow('before refresh()');

    current = source;
    const retry = cache.refresh();
    await flush();
    reads[0].finish([row(2)]);
    await retry;
    expect(costs(cache, '2026-11-01', '2026-11-30')).toEqual({
      'microapp:default/a': 2,
    });
  });
});
