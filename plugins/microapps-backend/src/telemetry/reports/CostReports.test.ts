import { addDays } from '@trellis/plugin-microapps-common';
import { TestDatabases } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import { DatabaseTelemetryStore } from '../DatabaseTelemetryStore';
import type { GovernedApp } from '../../registry/governedApp';
import { CostReports } from './CostReports';
import { DailyUsageCache } from './DailyUsageCache';
import type { SpanRecord } from '../ingest/spanRecords';

const databases = TestDatabases.create();

const TODAY = '2026-11-20';
const RANGE = { from: '2026-11-01', to: TODAY };
const PREVIOUS = { from: '2026-10-12', to: '2026-10-31' };
const MODELS = ['gpt-4o-mini', 'claude-haiku', 'llama-local'];

/** 20 apps of 3 teams and 2 cost centers; every third app has a budget. */
const APPS = Array.from({ length: 20 }, (_, index) => {
  const name = `app-${String(index).padStart(2, '0')}`;
  return {
    entityRef: `microapp:default/${name}`,
    entity: {
      metadata: { name, title: `App ${index}` },
      spec: {
        costCenter: index % 2 ? 'CC-ODD' : 'CC-EVEN',
        limits: index % 3 === 0 ? { monthlyBudgetUsd: 50 } : undefined,
      },
    },
    owner: `group:default/team-${index % 3}`,
  } as unknown as GovernedApp;
});
const SHADOW = 'microapp:default/shadow-tool';

interface Call {
  entityRef: string;
  model: string;
  day: string;
  /** In whole micro-dollars, as the store keeps money. */
  costMicros: number;
}

const FIRST_DAY = '2026-10-01';
const DAY_COUNT = 51; // 2026-10-01 to TODAY

/**
 * Any model call of a registered app or an unregistered one, on a day from
 * 2026-10-01 to today; local models cost nothing, others from one
 * micro-dollar to thousands of dollars.
 */
const callArbitrary: fc.Arbitrary<Call> = fc
  .record({
    entityRef: fc.constantFrom(...APPS.map(app => app.entityRef), SHADOW),
    model: fc.constantFrom(...MODELS),
    day: fc
      .integer({ min: 0, max: DAY_COUNT - 1 })
      .map(offset => addDays(FIRST_DAY, offset)),
    costMicros: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 1, max: 999 }),
      fc.integer({ min: 0, max: 7_000_000_000 }),
    ),
  })
  .map(call =>
    call.model === 'llama-local' ? { ...call, costMicros: 0 } : call,
  );

/** Calls of every kind over the whole window, the same in every run (fast-check's seed). */
const generateCalls = (): Call[] =>
  fc.sample(fc.array(callArbitrary, { minLength: 2_000, maxLength: 2_000 }), {
    seed: 42,
    numRuns: 1,
  })[0];

const spanRecords = (calls: Call[]): SpanRecord[] =>
  calls.map((call, index) => ({
    spanKey: `${String(index).padStart(32, '0')}${'a'.repeat(16)}`,
    violations: [],
    usage: {
      entityRef: call.entityRef,
      model: call.model,
      day: call.day,
      hour: `${call.day}T12`,
      startMs: Date.parse(`${call.day}T12:00:00Z`),
      inputTokens: 100,
      outputTokens: 10,
      cachedInputTokens: 0,
      costMicros: call.costMicros,
      error: false,
    },
  }));

const inDays = (call: Call, range: { from: string; to: string }) =>
  call.day >= range.from && call.day <= range.to;

function sumBy(calls: Call[], keyOf: (call: Call) => string) {
  const sums = new Map<string, number>();
  for (const call of calls)
    sums.set(keyOf(call), (sums.get(keyOf(call)) ?? 0) + call.costMicros);
  return sums;
}

describe.each(databases.eachSupportedId())('CostReports (%s)', databaseId => {
  const calls = generateCalls();
  let reports: CostReports;

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    const store = await DatabaseTelemetryStore.create({
      database: { getClient: async () => knex },
    });
    await store.ingest(spanRecords(calls), new Map(), new Date());
    const byRef = new Map(APPS.map(app => [app.entityRef, app]));
    reports = new CostReports({
      store,
      usage: new DailyUsageCache({ store }),
      appLookup: async () => ref => byRef.get(ref),
      apps: async () => APPS,
    });
  });

  const teamOf = (ref: string) =>
    APPS.find(app => app.entityRef === ref)?.owner ?? '(unregistered)';

  it.each([
    ['app', (call: Call) => call.entityRef],
    ['team', (call: Call) => teamOf(call.entityRef)],
    ['model', (call: Call) => call.model],
  ] as const)(
    'by %s: the period, the previous period and the month to date add up to the calls sent',
    async (groupBy, keyOf) => {
      const report = await reports.report(groupBy, RANGE, TODAY);
      const current = sumBy(
        calls.filter(call => inDays(call, RANGE)),
        keyOf,
      );
      const previous = sumBy(
        calls.filter(call => inDays(call, PREVIOUS)),
        keyOf,
      );

      expect(report).toMatchObject({
        previousFrom: PREVIOUS.from,
        previousTo: PREVIOUS.to,
      });
      expect(report.groups.map(group => group.key).sort()).toEqual(
        Array.from(new Set([...current.keys(), ...previous.keys()])).sort(),
      );
      for (const group of report.groups) {
        // Exact to the micro-dollar.
        expect(group.costMicros).toBe(current.get(group.key) ?? 0);
        expect(group.costUsd).toBe(group.costMicros / 1e6);
        expect(Math.round(group.previousCostUsd * 1e6)).toBe(
          previous.get(group.key) ?? 0,
        );
        // The period is the month to date; models have no month figure.
        expect(group.monthToDateUsd === undefined).toBe(groupBy === 'model');
        expect(group.monthToDateUsd ?? group.costUsd).toBe(group.costUsd);
      }
      // Largest first.
      const costs = report.groups.map(group => group.costMicros);
      expect(costs).toEqual([...costs].sort((a, b) => b - a));
      // The total is the sum of the rows, and of the calls sent, exactly.
      const sent = Array.from(current.values()).reduce((a, b) => a + b, 0);
      expect(report.totalMicros).toBe(sent);
      expect(report.groups.reduce((a, g) => a + g.costMicros, 0)).toBe(sent);
      expect(report.totalUsd).toBe(sent / 1e6);
    },
  );

  it('for any calls, every grouping adds up to the calls of the period, to the micro-dollar', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(callArbitrary, { maxLength: 40 }),
        async sent => {
          const knex = await databases.init(databaseId);
          const store = await DatabaseTelemetryStore.create({
            database: { getClient: async () => knex },
          });
          await store.ingest(spanRecords(sent), new Map(), new Date());
          const byRef = new Map(APPS.map(app => [app.entityRef, app]));
          const fresh = new CostReports({
            store,
            usage: new DailyUsageCache({ store }),
            appLookup: async () => ref => byRef.get(ref),
            apps: async () => APPS,
          });
          const expected = sent
            .filter(call => inDays(call, RANGE))
            .reduce((sum, call) => sum + call.costMicros, 0);
          for (const groupBy of [
            'app',
            'team',
            'costCenter',
            'model',
          ] as const) {
            const report = await fresh.report(groupBy, RANGE, TODAY);
            expect(report.totalMicros).toBe(expected);
            expect(report.groups.reduce((a, g) => a + g.costMicros, 0)).toBe(
              expected,
            );
          }
        },
      ),
      { numRuns: 8 },
    );
    // Each run migrates a fresh database: seconds on a busy PostgreSQL.
  }, 60_000);

  it('by app: the series shows the 12 largest apps day by day and the rest as (other)', async () => {
    const report = await reports.report('app', RANGE, TODAY);
    const shown = report.groups.slice(0, 12).map(group => group.key);
    const expected = sumBy(
      calls.filter(call => inDays(call, RANGE)),
      call =>
        `${call.day} ${
          shown.includes(call.entityRef) ? call.entityRef : '(other)'
        }`,
    );
    const points = new Map(
      report.series.map(point => [`${point.date} ${point.key}`, point.costUsd]),
    );
    for (const [id, costMicros] of expected) {
      // Days without cost are left out of the series.
      expect(points.has(id)).toBe(costMicros !== 0);
      expect(Math.round((points.get(id) ?? 0) * 1e6)).toBe(costMicros);
    }
    expect(points.size).toBe(
      Array.from(expected.values()).filter(cost => cost !== 0).length,
    );
    // In date order, then by key.
    const ids = report.series.map(point => `${point.date} ${point.key}`);
    expect(ids).toEqual([...ids].sort());
  });

  it('by team: counts the apps and adds up their budgets; unregistered usage is its own group', async () => {
    const report = await reports.report('team', RANGE, TODAY);
    const team0 = report.groups.find(
      group => group.key === 'group:default/team-0',
    )!;
    const team0Apps = APPS.filter(app => app.owner === 'group:default/team-0');
    expect(team0).toMatchObject({ label: 'team-0', apps: team0Apps.length });
    expect(team0.budgetUsd).toBe(
      50 * team0Apps.filter(app => app.entity.spec.limits).length,
    );
    expect(
      report.groups.find(group => group.key === '(unregistered)'),
    ).toMatchObject({
      label: 'Unregistered apps',
      apps: 1,
    });
  });

  it('states the month per cost center and app in the chargeback CSV', async () => {
    const csv = await reports.chargebackCsv('2026-10');
    const lines = csv.trimEnd().split('\r\n');
    const expected = sumBy(
      calls.filter(call => call.day.startsWith('2026-10')),
      call => call.entityRef,
    );
    expect(lines).toHaveLength(1 + expected.size);
    let statementMicros = 0;
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      expect(cells[0]).toBe('2026-10');
      // Six decimals, written from the integer: exact.
      expect(cells[8]).toMatch(/^\d+\.\d{6}$/);
      const micros = Number(cells[8].replace('.', ''));
      expect(micros).toBe(expected.get(cells[3]));
      statementMicros += micros;
    }
    // The statement adds up to the cost report of the same month.
    const report = await reports.report(
      'costCenter',
      { from: '2026-10-01', to: '2026-10-31' },
      TODAY,
    );
    expect(statementMicros).toBe(report.totalMicros);
  });
});
