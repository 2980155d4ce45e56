import { TestDatabases } from '@backstage/backend-test-utils';
import type { MicroAppEntity } from '@trellis/plugin-microapps-common';
import { DEFAULT_RISK_MATRIX } from '@trellis/plugin-microapps-common';
import { governedApp } from '../registry/governedApp';
import { DatabaseTelemetryStore } from '../telemetry/DatabaseTelemetryStore';
import type { SpanRecord } from '../telemetry/ingest/spanRecords';
import { createPolicyInputBuilder } from './policyInputs';

const databases = TestDatabases.create();

const NOW = new Date('2026-12-03T10:30:00Z');
const REF = 'microapp:default/month-end-close-summarizer';

const entity: MicroAppEntity = {
  apiVersion: 'trellis.dev/v1alpha1',
  kind: 'MicroApp',
  metadata: { name: 'month-end-close-summarizer' },
  spec: {
    type: 'summarizer',
    lifecycle: 'production',
    owner: 'group:default/finance-ops',
    version: '1.0.0',
    costCenter: 'CC-4100',
    reach: 'team',
    data: { classifications: ['confidential'], pii: 'masked' },
    models: ['azure-gpt-4.1'],
    limits: { monthlyBudgetUsd: 120 },
    dependencies: { risk: 'minimal' },
  },
};

let spans = 0;
/** A model call on `day` costing `costMicros`, an error when asked. */
function call(day: string, costMicros: number, error = false): SpanRecord {
  spans += 1;
  return {
    spanKey: `${String(spans).padStart(32, '0')}${'b'.repeat(16)}`,
    usage: {
      entityRef: REF,
      model: 'azure-gpt-4.1',
      hour: `${day}T09`,
      day,
      startMs: Date.parse(`${day}T09:00:00Z`),
      inputTokens: 100,
      outputTokens: 10,
      cachedInputTokens: 0,
      costMicros,
      error,
    },
    violations: [],
  };
}

describe.each(databases.eachSupportedId())(
  'the policy input of an app (%s)',
  databaseId => {
    it('counts this month’s cost against the budget and the window’s requests and errors', async () => {
      const knex = await databases.init(databaseId);
      const telemetry = await DatabaseTelemetryStore.create({
        database: { getClient: async () => knex },
      });
      await telemetry.ingest(
        [
          // Last month: not this month's cost, outside a one-day window.
          call('2026-11-30', 500_000_000),
          call('2026-12-01', 60_000_000),
          call('2026-12-02', 40_000_000),
          call('2026-12-03', 50_000_000),
          call('2026-12-03', 0, true),
        ],
        new Map(),
        NOW,
      );
      const inputOf = createPolicyInputBuilder({
        telemetry,
        approvals: async () => [],
        killSwitchOn: async () => false,
        digestSince: async () => undefined,
        models: [],
        now: () => NOW,
      });
      const app = governedApp(entity, {
        models: [],
        riskMatrix: DEFAULT_RISK_MATRIX,
      });

      const { window } = await inputOf(app, 3600);

      // $60 + $40 + $50 of December against $120: 125 %.
      expect(window.costMonthToDateUsd).toBeCloseTo(150, 6);
      expect(window.budgetUsedPct).toBeCloseTo(125, 6);
      // A one-hour window counts the whole of today (daily rollups).
      expect(window.requests).toBe(2);
      expect(window.errors).toBe(1);
      expect(window.errorRate).toBe(0.5);
    });
  },
);
