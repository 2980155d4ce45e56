import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseTelemetryStore } from './DatabaseTelemetryStore';
import type { SpanRecord, UsageRecord } from './ingest/spanRecords';
import type { IngestCaps } from './TelemetryStore';

// A fresh database per test: on a busy machine PostgreSQL takes seconds to create one.
jest.setTimeout(60_000);

const databases = TestDatabases.create();

const APP = 'microapp:default/notes';
const OTHER = 'microapp:default/digest';
const NOW = new Date('2026-11-20T10:30:00Z');
const DAY = '2026-11-20';

let spanCounter = 0;
/** A model call of `costMicros`, with a span key of its own unless given one. */
function call(
  entityRef: string,
  costMicros: number,
  more: Partial<UsageRecord> & { spanKey?: string } = {},
): SpanRecord {
  const { spanKey, ...usage } = more;
  spanCounter += 1;
  return {
    spanKey:
      spanKey ?? `${String(spanCounter).padStart(32, '0')}${'a'.repeat(16)}`,
    usage: {
      entityRef,
      model: 'azure-gpt-4.1',
      hour: `${DAY}T10`,
      day: DAY,
      startMs: NOW.getTime() - 60_000,
      inputTokens: 100,
      outputTokens: 10,
      cachedInputTokens: 0,
      costMicros,
      error: false,
      ...usage,
    },
    violations: [],
  };
}

const caps = (keyId: string): IngestCaps => ({
  keyId,
  unregisteredAppsPerDay: 2,
  unknownModelsPerDay: 5,
});

describe.each(databases.eachSupportedId())(
  'DatabaseTelemetryStore (%s)',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseTelemetryStore.create({
        database: { getClient: async () => knex },
      });
      return { knex, store };
    }
    const noBudgets = new Map<string, number>();
    const costOn = async (store: DatabaseTelemetryStore, entityRef: string) =>
      (await store.dailyUsage(DAY, DAY, [entityRef])).reduce(
        (sum, row) => ({
          requests: sum.requests + row.requests,
          costMicros: sum.costMicros + row.costMicros,
        }),
        { requests: 0, costMicros: 0 },
      );

    it('adds every new span to the rollups once, to the micro-dollar', async () => {
      const { store } = await createStore();
      const records = [
        call(APP, 1_234_567),
        call(APP, 1),
        call(APP, 999_999_999),
        call(OTHER, 5, { model: 'bedrock-claude-sonnet-4' }),
      ];
      const outcome = await store.ingest(records, noBudgets, NOW);
      expect(outcome).toEqual({ newSpans: 4, duplicateSpans: 0, rejected: [] });
      expect(await costOn(store, APP)).toEqual({
        requests: 3,
        costMicros: 1_001_234_567,
      });
      expect(await costOn(store, OTHER)).toEqual({
        requests: 1,
        costMicros: 5,
      });
    });

    it('keeps the durations in a latency histogram per hour and day, summed over requests', async () => {
      const { knex, store } = await createStore();
      await store.ingest(
        [
          call(APP, 1, { durationMs: 80 }),
          call(APP, 1, { durationMs: 1_200 }),
          // No valid duration (negative, or over an hour): usage only.
          call(APP, 1, { durationMs: undefined }),
        ],
        noBudgets,
        NOW,
      );
      await store.ingest(
        [
          call(APP, 1, { durationMs: 90_000 }),
          call(APP, 1, { durationMs: 100 }),
        ],
        noBudgets,
        NOW,
      );
      const [daily] = await store.dailyUsage(DAY, DAY, [APP]);
      expect(daily.requests).toBe(5);
      expect(daily.latency).toEqual({
        count: 4,
        // ≤100 ms, ≤250 ms, ≤500 ms, ≤1 s, ≤2 s, … ≤60 s
        atMost: [2, 2, 2, 2, 3, 3, 3, 3, 3, 3],
        over: 1,
      });
      const hourly = await knex('microapps_usage_hourly')
        .where({ entity_ref: APP })
        .first(
          'latency_le_100ms',
          'latency_le_2s',
          'latency_gt_60s',
          'latency_count',
        );
      expect(Object.values(hourly).map(Number)).toEqual([2, 3, 1, 4]);
    });

    it('reads rows written before durations were kept as no latency', async () => {
      const { knex, store } = await createStore();
      await knex('microapps_usage_daily').insert({
        entity_ref: APP,
        model: 'azure-gpt-4.1',
        day: DAY,
        requests: 3,
        cost_micros: 30,
      });
      const [daily] = await store.dailyUsage(DAY, DAY, [APP]);
      expect(daily.requests).toBe(3);
      expect(daily.latency.count).toBe(0);
      expect(daily.latency.atMost.every(n => n === 0)).toBe(true);
    });

    it('counts a re-sent span once, also when its batch brings new ones', async () => {
      const { store } = await createStore();
      const first = call(APP, 100);
      const second = call(APP, 20);
      const third = call(APP, 3);
      await store.ingest([first], noBudgets, NOW);
      // The same span twice in one request counts once too.
      const outcome = await store.ingest(
        [first, second, third, second],
        noBudgets,
        NOW,
      );
      expect(outcome).toEqual({ newSpans: 2, duplicateSpans: 1, rejected: [] });
      expect(
        await store.ingest([third, first, second], noBudgets, NOW),
      ).toEqual({ newSpans: 0, duplicateSpans: 3, rejected: [] });
      expect(await costOn(store, APP)).toEqual({
        requests: 3,
        costMicros: 123,
      });
    });

    it('counts each span once when two requests carry it at the same time', async () => {
      const { store } = await createStore();
      const shared = Array.from({ length: 30 }, () => call(APP, 7));
      const own = [call(APP, 1_000), call(APP, 2_000)];
      const outcomes = await Promise.all([
        store.ingest([...shared, own[0]], noBudgets, NOW),
        store.ingest([own[1], ...shared], noBudgets, NOW),
      ]);
      expect(outcomes.map(o => o.newSpans).reduce((a, b) => a + b)).toBe(32);
      expect(await costOn(store, APP)).toEqual({
        requests: 32,
        costMicros: 30 * 7 + 3_000,
      });
    });

    it('records a budget overrun once per app and month, when the month crosses the budget', async () => {
      const { store } = await createStore();
      const budgets = new Map([[APP, 1_000_000]]);
      await store.ingest([call(APP, 600_000)], budgets, NOW);
      const under = await store.listViolations(
        { types: ['budget_exceeded'] },
        { limit: 10, offset: 0 },
      );
      expect(under.totalItems).toBe(0);

      await store.ingest([call(APP, 500_000)], budgets, NOW);
      await store.ingest([call(APP, 1)], budgets, NOW);
      const over = await store.listViolations(
        { types: ['budget_exceeded'] },
        { limit: 10, offset: 0 },
      );
      expect(over.totalItems).toBe(1);
      expect(over.items[0]).toMatchObject({
        entityRef: APP,
        detail:
          'Cost in 2026-11 reached $1.10, over the monthly budget of $1.00',
      });
    });

    it('stores one violation per dedupe key', async () => {
      const { store } = await createStore();
      const finding = (spanKey: string) => ({
        ...call(APP, 0, { spanKey }),
        violations: [
          {
            dedupeKey: 'pii_detected:span-1',
            entityRef: APP,
            type: 'pii_detected' as const,
            severity: 'high' as const,
            rule: null,
            decision: null,
            traceId: null,
            spanId: null,
            occurredAt: NOW,
            detail: 'email address',
            source: 'reported' as const,
          },
        ],
      });
      await store.ingest(
        [finding(`${'1'.repeat(32)}${'b'.repeat(16)}`)],
        noBudgets,
        NOW,
      );
      await store.ingest(
        [finding(`${'2'.repeat(32)}${'b'.repeat(16)}`)],
        noBudgets,
        NOW,
      );
      const stored = await store.listViolations(
        { entityRefs: [APP] },
        { limit: 10, offset: 0 },
      );
      expect(stored.totalItems).toBe(1);
    });

    it('counts each app’s violations since a time, and how many are of high severity', async () => {
      const { store } = await createStore();
      const violation = (
        n: number,
        entityRef: string,
        severity: 'low' | 'medium' | 'high',
        occurredAt = NOW,
      ) => ({
        dedupeKey: `severity-test:${n}`,
        entityRef,
        type: 'pii_detected' as const,
        severity,
        rule: null,
        decision: null,
        traceId: null,
        spanId: null,
        occurredAt,
        detail: null,
        source: 'reported' as const,
      });
      const lastWeek = new Date(NOW.getTime() - 7 * 86_400_000);
      await store.ingest(
        [
          {
            ...call(APP, 0),
            violations: [
              violation(1, APP, 'high'),
              violation(2, APP, 'high'),
              violation(3, APP, 'medium'),
              // Before the period asked for: not counted.
              violation(4, APP, 'high', lastWeek),
            ],
          },
          { ...call(OTHER, 0), violations: [violation(5, OTHER, 'low')] },
        ],
        noBudgets,
        NOW,
      );

      const counts = await store.violationCountsByApp(
        new Date(NOW.getTime() - 86_400_000),
      );
      expect(counts.get(APP)).toEqual({ total: 3, high: 2 });
      expect(counts.get(OTHER)).toEqual({ total: 1, high: 0 });
    });

    it("keeps a key's unregistered apps within its daily cap, and admits those it already reported", async () => {
      const { store } = await createStore();
      const shadow = (n: number) => ({
        ...call(`microapp:default/shadow-${n}`, 10),
        unregisteredRef: `microapp:default/shadow-${n}`,
      });
      const first = await store.ingest(
        [shadow(1), shadow(2), shadow(3)],
        noBudgets,
        NOW,
        caps('gateway-1'),
      );
      expect(first.newSpans).toBe(2);
      expect(first.rejected).toEqual([
        expect.stringContaining(
          'this key reported 2 unregistered apps today, the most it may; register microapp:default/shadow-3 as a MicroApp',
        ),
      ]);
      // Already reported today: still admitted. Another key has its own cap.
      const again = await store.ingest(
        [shadow(1), shadow(3)],
        noBudgets,
        NOW,
        caps('gateway-1'),
      );
      expect(again.newSpans).toBe(1);
      expect(again.rejected).toHaveLength(1);
      const otherKey = await store.ingest(
        [shadow(3)],
        noBudgets,
        NOW,
        caps('gateway-2'),
      );
      expect(otherKey).toEqual({
        newSpans: 1,
        duplicateSpans: 0,
        rejected: [],
      });
      // A refused span's key was not recorded: it counts when sent within a cap.
      expect(await costOn(store, 'microapp:default/shadow-3')).toEqual({
        requests: 1,
        costMicros: 10,
      });
    });
  },
);
