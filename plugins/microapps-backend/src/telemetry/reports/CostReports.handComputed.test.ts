/*
 * Every figure of the cost views on a small fixed data set, against values
 * computed by hand (the arithmetic is in the comments), on every database.
 *
 * Today is 2026-11-10 (November has 30 days: 20 left after today).
 * - alpha (team red, budget $100): Nov 1–9 $2, $3, $4, $4, $60 (a spike on
 *   Nov 5), $5, $6, $3, $4; today $2 so far; Oct 28 $10.
 * - beta (team red, budget $20): $3 a day Nov 1–10; Oct 28 $5. 150 % of its
 *   budget: over budget.
 * - gamma (team blue, budget $50, decommissioned): Oct 25 $10 only.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import type { GovernedApp } from '../../registry/governedApp';
import { DatabaseTelemetryStore } from '../DatabaseTelemetryStore';
import type { SpanRecord } from '../ingest/spanRecords';
import { CostReports } from './CostReports';
import { DailyUsageCache } from './DailyUsageCache';

const databases = TestDatabases.create();

const TODAY = '2026-11-10';
const RED = 'group:default/red';
const BLUE = 'group:default/blue';

function app(
  name: string,
  owner: string,
  budget: number,
  lifecycle = 'production',
): GovernedApp {
  return {
    entityRef: `microapp:default/${name}`,
    entity: {
      metadata: { name, title: name },
      spec: {
        lifecycle,
        costCenter: 'CC-1',
        limits: { monthlyBudgetUsd: budget },
      },
    },
    owner,
  } as unknown as GovernedApp;
}
const APPS = [
  app('alpha', RED, 100),
  app('beta', RED, 20),
  app('gamma', BLUE, 50, 'decommissioned'),
];
const [ALPHA, BETA, GAMMA] = APPS;

const nov = (day: number) => `2026-11-${String(day).padStart(2, '0')}`;
/** [app, day, USD] */
const USAGE: Array<[GovernedApp, string, number]> = [
  ...[2, 3, 4, 4, 60, 5, 6, 3, 4, 2].map(
    (usd, i): [GovernedApp, string, number] => [ALPHA, nov(i + 1), usd],
  ),
  [ALPHA, '2026-10-28', 10],
  ...Array.from({ length: 10 }, (_, i): [GovernedApp, string, number] => [
    BETA,
    nov(i + 1),
    3,
  ]),
  [BETA, '2026-10-28', 5],
  [GAMMA, '2026-10-25', 10],
];

const spanRecords = (): SpanRecord[] =>
  USAGE.map(([owner, day, usd], index) => ({
    spanKey: `${String(index).padStart(32, '0')}${'c'.repeat(16)}`,
    violations: [],
    usage: {
      entityRef: owner.entityRef,
      model: 'gpt-4o-mini',
      day,
      hour: `${day}T09`,
      startMs: Date.parse(`${day}T09:00:00Z`),
      inputTokens: 100,
      outputTokens: 10,
      cachedInputTokens: 0,
      costMicros: usd * 1_000_000,
      error: false,
    },
  }));

describe.each(databases.eachSupportedId())(
  'cost figures computed by hand (%s)',
  databaseId => {
    let reports: CostReports;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseTelemetryStore.create({
        database: { getClient: async () => knex },
      });
      await store.ingest(spanRecords(), new Map(), new Date());
      const byRef = new Map(APPS.map(a => [a.entityRef, a]));
      reports = new CostReports({
        store,
        usage: new DailyUsageCache({ store }),
        appLookup: async () => ref => byRef.get(ref),
        apps: async () => APPS,
      });
    });

    it('forecasts a month with a spike at the median pace, and marks the spike', async () => {
      const costs = await reports.appCosts(
        ALPHA,
        { from: nov(1), to: nov(10) },
        TODAY,
      );
      // Period Nov 1–10: 2+3+4+4+60+5+6+3+4+2 = 93; before it (Oct 22–31): 10.
      expect(costs.totalUsd).toBe(93);
      // (93 − 10) / 10 = +830 %.
      expect(costs.changePct).toBe(830);
      // Completed days Nov 1–9 sorted: 2 3 3 4 4 4 5 6 60 (9 days);
      // 25th percentile = 3 (rank 2), median = 4 (rank 4), 75th = 5 (rank 6).
      // Forecast = 93 (month to date) + 4 × 20 days left = 173;
      // range 93 + 3 × 20 = 153 to 93 + 5 × 20 = 193. (At the old 7-day pace:
      // 93 + (4+60+5+6+3+4+2)/7 × 20 = 93 + 12 × 20 = 333.)
      expect(costs.month).toEqual({
        month: '2026-11',
        costUsd: 93,
        budgetUsd: 100,
        forecastUsd: 173,
        forecastLowUsd: 153,
        forecastHighUsd: 193,
        medianDailyUsd: 4,
        forecastBasisDays: 9,
        overBudget: false, // 93 ≤ 100
      });
      expect(costs.forecastUsd).toBe(173);
      // Nov 1–10 sorted: 2 2 3 3 4 4 4 5 6 60, median (4+4)/2 = 4;
      // above 3 × 4 = 12: only Nov 5 ($60).
      expect(costs.anomalousDays).toEqual([nov(5)]);
    });

    it('calls an app over budget when its month to date exceeds its budget', async () => {
      const costs = await reports.appCosts(
        BETA,
        { from: nov(1), to: nov(10) },
        TODAY,
      );
      // 10 × $3 = $30 > $20 (150 %). Median of Nov 1–9 = 3:
      // forecast 30 + 3 × 20 = 90; no day above 3 × 3 = 9.
      expect(costs.month).toMatchObject({
        costUsd: 30,
        budgetUsd: 20,
        forecastUsd: 90,
        forecastLowUsd: 90,
        forecastHighUsd: 90,
        overBudget: true,
      });
      expect(costs.anomalousDays).toEqual([]);
    });

    it('counts no budget for a decommissioned app', async () => {
      const costs = await reports.appCosts(
        GAMMA,
        { from: nov(1), to: nov(10) },
        TODAY,
      );
      // Declared $50, but decommissioned: not over budget; nothing this month;
      // Oct 22–31 cost $10, Nov 1–10 nothing: (0 − 10) / 10 = −100 %, a real drop.
      expect(costs.month).toMatchObject({
        costUsd: 0,
        budgetUsd: 50,
        forecastUsd: 0,
        overBudget: false,
      });
      expect(costs.changePct).toBe(-100);
    });

    it('by team: one team budget, one over-budget count, headline and rows agree', async () => {
      const report = await reports.report(
        'team',
        { from: nov(1), to: nov(10) },
        TODAY,
      );
      // Nov 1–10: alpha 93 + beta 30 = 123; Oct 22–31: 10 + 5 + 10 = 25;
      // (123 − 25) / 25 = +392 %.
      expect(report).toMatchObject({
        totalUsd: 123,
        previousTotalUsd: 25,
        changePct: 392,
        // alpha 100 + beta 20; gamma is decommissioned.
        budgetUsd: 120,
        // beta ($30 of $20) of alpha and beta.
        overBudget: { apps: 1, appsWithBudget: 2 },
        // Daily totals 5 6 7 7 63 8 9 6 7 5, median (7+7)/2 = 7; above 21: Nov 5.
        anomalousDays: [nov(5)],
      });
      expect(report.groups).toEqual([
        expect.objectContaining({
          key: RED,
          costUsd: 123,
          previousCostUsd: 15, // 10 + 5
          changePct: 720, // (123 − 15) / 15
          apps: 2,
          budgetUsd: 120,
          monthToDateUsd: 123,
          appsOverBudget: 1,
        }),
        expect.objectContaining({
          key: BLUE,
          costUsd: 0,
          previousCostUsd: 10,
          changePct: -100,
          apps: 0,
          budgetUsd: undefined,
          monthToDateUsd: 0,
          appsOverBudget: 0,
        }),
      ]);
    });

    it('by app: the same budgets and the same app over budget', async () => {
      const report = await reports.report(
        'app',
        { from: nov(1), to: nov(10) },
        TODAY,
      );
      const byKey = new Map(report.groups.map(g => [g.key, g]));
      expect(byKey.get(ALPHA.entityRef)).toMatchObject({
        budgetUsd: 100,
        monthToDateUsd: 93,
        appsOverBudget: 0,
      });
      expect(byKey.get(BETA.entityRef)).toMatchObject({
        budgetUsd: 20,
        monthToDateUsd: 30,
        appsOverBudget: 1,
      });
      expect(byKey.get(GAMMA.entityRef)?.budgetUsd).toBeUndefined();
      expect(report.overBudget).toEqual({ apps: 1, appsWithBudget: 2 });
      expect(report.budgetUsd).toBe(120);
    });

    it('an owner’s report adds up that team’s budgets only', async () => {
      const report = await reports.report(
        'app',
        { from: nov(1), to: TODAY },
        TODAY,
        undefined,
        undefined,
        RED,
      );
      expect(report.budgetUsd).toBe(120); // 100 + 20
      const blue = await reports.report(
        'app',
        { from: nov(1), to: TODAY },
        TODAY,
        undefined,
        undefined,
        BLUE,
      );
      expect(blue.budgetUsd).toBeUndefined(); // gamma is decommissioned
    });

    it('shows no change for a period that has not begun', async () => {
      const future = { from: nov(11), to: nov(20) };
      // Nov 11–20 is after today: nothing yet, although Nov 1–10 cost 123.
      const report = await reports.report('team', future, TODAY);
      expect(report).toMatchObject({
        totalUsd: 0,
        previousTotalUsd: 123,
        changePct: null,
        anomalousDays: [],
      });
      expect(report.groups.every(g => g.changePct === null)).toBe(true);
      const costs = await reports.appCosts(BETA, future, TODAY);
      expect(costs.changePct).toBeNull();
    });
  },
);
