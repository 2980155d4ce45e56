/*
 * The cost and violation routes alone, on a real telemetry store, over a
 * registry of two teams' example apps, for callers who may read everything,
 * only one team's apps, or nothing. Usage and violations are stored as the
 * receiver stores them (`TelemetryStore.ingest`), on one day of March 2026,
 * with a shadow app that no team owns beside the registered ones.
 */
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_RISK_MATRIX,
  microAppReadPermission,
  type ViolationType,
} from '@trellis/plugin-microapps-common';
import express from 'express';
import {
  appWith,
  exampleEntities,
  permissionRuleset,
} from '../../../__testUtils__/routerTestKit';
import {
  createMicroAppConditionalDecision,
  microAppConditions,
} from '@trellis/plugin-microapps-node';
import { createAppOf } from '../../../registry/appOf';
import { AppReadAccess } from '../../../registry/AppReadAccess';
import { AppRegistry } from '../../../registry/AppRegistry';
import { DatabaseAppRecordStore } from '../../../registry/DatabaseAppRecordStore';
import { createAppLoader } from '../../../registry/loadApp';
import { DatabaseTelemetryStore } from '../../DatabaseTelemetryStore';
import type { SpanRecord } from '../../ingest/spanRecords';
import { CostReports } from '../CostReports';
import { DailyUsageCache } from '../DailyUsageCache';
import { createCostsRouter, createViolationsRouter } from '../reportsRouter';

export const DAY = '2026-03-10';
export const MONTH = '2026-03';
/** The period every report of the tests covers. */
export const PERIOD = { from: '2026-03-01', to: '2026-03-31' };

export const FINANCE = 'group:default/finance-ops';
export const LEGAL = 'group:default/legal-ops';
export const INVOICES = 'microapp:default/invoice-field-extractor';
export const EXPENSES = 'microapp:default/expense-report-auditor';
export const CONTRACTS = 'microapp:default/contract-clause-extractor';
/** Usage booked under an app the catalog does not know. */
export const SHADOW = 'microapp:default/shadow-tool';

/** The model calls stored, one span each; money in micro-dollars. */
export const CALLS = [
  { entityRef: INVOICES, costMicros: 1_250_000, input: 1_000, output: 100 },
  { entityRef: INVOICES, costMicros: 750_000, input: 500, output: 50 },
  { entityRef: EXPENSES, costMicros: 3_000_000, input: 2_000, output: 200 },
  { entityRef: CONTRACTS, costMicros: 5_000_000, input: 4_000, output: 400 },
  { entityRef: SHADOW, costMicros: 7_000_000, input: 8_000, output: 800 },
];

/** The violations stored. */
export const VIOLATIONS: Array<{ entityRef: string; type: ViolationType }> = [
  { entityRef: INVOICES, type: 'quota_exceeded' },
  { entityRef: INVOICES, type: 'pii_detected' },
  { entityRef: EXPENSES, type: 'prompt_injection' },
  { entityRef: CONTRACTS, type: 'pii_unmasked' },
  { entityRef: SHADOW, type: 'unregistered_app' },
];

/** Who asks: what the permission policy answers them. */
export type Caller =
  /** Everything allowed. */
  | 'steward'
  /** Every permission denied. */
  | 'denied'
  /** Costs and violations, of the apps finance-ops owns only. */
  | 'finance-ops member'
  /** Every app, but neither costs nor violations. */
  | 'reader without reports';

function permissionsFor(caller: Caller) {
  if (caller === 'steward')
    return mockServices.permissions({ result: AuthorizeResult.ALLOW });
  if (caller === 'denied')
    return mockServices.permissions({ result: AuthorizeResult.DENY });
  const reports =
    caller === 'finance-ops member'
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  return mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(() => ({ result: reports })) as any,
    authorizeConditional: async requests =>
      requests.map(({ permission }) =>
        caller === 'finance-ops member' &&
        permission.name === microAppReadPermission.name
          ? createMicroAppConditionalDecision(
              microAppReadPermission,
              microAppConditions.isMicroAppOwner({ claims: [FINANCE] }),
            )
          : { result: AuthorizeResult.ALLOW },
      ) as any,
  });
}

const entities = [
  ...exampleEntities('finance-ops.yaml'),
  ...exampleEntities('legal-ops.yaml'),
];

function spanRecords(): SpanRecord[] {
  const startMs = Date.parse(`${DAY}T12:00:00Z`);
  const usage = CALLS.map(
    (call, index): SpanRecord => ({
      spanKey: `${String(index).padStart(32, '0')}${'a'.repeat(16)}`,
      violations: [],
      usage: {
        entityRef: call.entityRef,
        model: 'azure-gpt-4.1-mini',
        day: DAY,
        hour: `${DAY}T12`,
        startMs,
        inputTokens: call.input,
        outputTokens: call.output,
        cachedInputTokens: 0,
        costMicros: call.costMicros,
        error: false,
      },
    }),
  );
  const violations = VIOLATIONS.map(
    (violation, index): SpanRecord => ({
      spanKey: `${String(index).padStart(32, '0')}${'b'.repeat(16)}`,
      violations: [
        {
          dedupeKey: `reports-test-${index}`,
          entityRef: violation.entityRef,
          type: violation.type,
          severity: 'medium',
          rule: null,
          decision: null,
          traceId: null,
          spanId: null,
          occurredAt: new Date(startMs + index * 1000),
          detail: null,
          source: 'reported',
        },
      ],
    }),
  );
  return [...usage, ...violations];
}

/**
 * The cost and violation routes, as the plugin mounts them, for a caller,
 * over a store that holds the calls and violations above.
 */
export async function reportsApp(databases: TestDatabases, caller: Caller) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseTelemetryStore.create({
    database: { getClient: async () => knex },
  });
  await store.ingest(spanRecords(), new Map(), new Date(`${DAY}T13:00:00Z`));
  const catalog = catalogServiceMock({ entities });
  const registry = new AppRegistry({
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    appRecords: new DatabaseAppRecordStore(knex),
    models: [],
    riskMatrix: DEFAULT_RISK_MATRIX,
  });
  const httpAuth = mockServices.httpAuth({
    defaultCredentials: mockCredentials.none(),
  });
  const access = new AppReadAccess({
    permissions: permissionsFor(caller),
    catalog,
    ruleset: permissionRuleset,
  });
  const reports = {
    httpAuth,
    access,
    store,
    costReports: new CostReports({
      store,
      usage: new DailyUsageCache({ store, logger: mockServices.logger.mock() }),
      appLookup: () => registry.lookup(),
      apps: async () => (await registry.listApps()).map(entry => entry.app),
    }),
    listApps: () => registry.listApps(),
    appOf: createAppOf(
      httpAuth,
      createAppLoader({ catalog, access, scoring: () => registry.scoring() }),
    ),
  };
  const router = express.Router();
  router.use(createCostsRouter(reports), createViolationsRouter(reports));
  return appWith(router);
}

export const asUser = { Authorization: mockCredentials.user.header() };

/** The CSV as rows of fields (no field of the tests holds a comma or quote). */
export const csvRows = (text: string) =>
  text
    .split('\r\n')
    .filter(line => line !== '')
    .map(line => line.split(','));
