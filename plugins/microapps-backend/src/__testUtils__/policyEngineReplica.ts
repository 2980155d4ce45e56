import {
  mockServices,
  type TestDatabaseId,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import {
  DEFAULT_RISK_MATRIX,
  VIOLATION_TYPES,
} from '@trellis/plugin-microapps-common';
import type { Knex } from 'knex';
import { DatabaseGovernanceStore } from '../governance/DatabaseGovernanceStore';
import { GovernanceNotifier } from '../governance/notifications/GovernanceNotifier';
import { openOrExtendIncident } from '../incidents/incidentWrites';
import { compilePack } from '../policies/compilePolicy';
import { DatabasePolicyFiringStore } from '../policies/firings/DatabasePolicyFiringStore';
import { createPolicyActions } from '../policies/firings/policyActions';
import { PolicyEngine } from '../policies/firings/PolicyEngine';
import { policyEnvironment, type PolicyInput } from '../policies/policyInput';
import { manifestInput } from '../policies/policyInputs';
import { governedApp } from '../registry/governedApp';
import { exampleApps, microappsConfig, models } from './exampleCatalogPortal';

/*
 * The policy engine's tests: an example app, a pack of two policies, inputs
 * the test sets, and replicas of the engine over a test database.
 */

/** An app with confidential data, owned by finance-ops. */
export const entity = exampleApps.find(
  app =>
    app.spec.data.classifications.includes('confidential') &&
    app.spec.owner === 'group:default/finance-ops',
)!;
export const app = governedApp(entity, {
  models,
  riskMatrix: DEFAULT_RISK_MATRIX,
});
export const ref = app.entityRef.toLocaleLowerCase('en-US');

const PACK = `apiVersion: trellis.dev/v1alpha1
kind: PolicyPack
policies:
  - id: pii-burst
    title: Repeated PII
    description: Stop the app.
    severity: critical
    mode: enforce
    window: 10m
    when: window.violations["pii_detected"] >= 3
    actions:
      - type: kill-switch
      - type: block-promotion
      - type: require-review
        badges: [security-review]
      - type: notify
        to: owners
      - type: notify
        to: stewards:security
  - id: error-watch
    title: Many errors
    description: Would hold promotion.
    severity: medium
    mode: dry-run
    window: 1h
    when: window.errorRate > 0.5
    actions:
      - type: block-promotion
`;
export const policies = compilePack(
  policyEnvironment(),
  'file:/pack.yaml',
  PACK,
).policies;

/** A policy that the app's manifest alone makes false: it holds no regulated data. */
export const regulatedPiiPolicy = () =>
  compilePack(
    policyEnvironment(),
    'file:/regulated.yaml',
    PACK.replace(
      /policies:[\s\S]*/,
      `policies:
  - id: regulated-pii
    title: PII on regulated data
    description: Stop the app.
    severity: critical
    mode: enforce
    window: 1h
    when: app.dataClasses.exists(c, c == "regulated") && window.violations["pii_detected"] > 0
    actions:
      - type: kill-switch
`,
    ),
  ).policies;

/** The telemetry the policies see, set by each test. */
export const telemetry = { pii: 0, errorRate: 0 };
const inputOf = async (
  _app: unknown,
  windowSeconds: number,
): Promise<PolicyInput> => ({
  app: {} as PolicyInput['app'],
  window: {
    durationSeconds: windowSeconds,
    violations: {
      ...Object.fromEntries(VIOLATION_TYPES.map(type => [type, 0])),
      pii_detected: telemetry.pii,
    } as PolicyInput['window']['violations'],
    requests: 10,
    errors: 0,
    errorRate: telemetry.errorRate,
    costMonthToDateUsd: 0,
    budgetUsedPct: 0,
    staleApprovalDays: 0,
  },
});

/** Inputs built so far, by window in seconds. */
export const inputsBuilt: number[] = [];

/** One replica: its own engine over the shared database. */
export function replica(
  knex: Knex,
  sent: unknown[],
  options: {
    policies?: typeof policies;
    now?: () => Date;
    /** The registry's app now (it replaces an app whose manifest changes). */
    currentApp?: () => typeof app;
    /** The notifications service's send; by default it records into `sent`. */
    send?: (notification: unknown) => Promise<void>;
  } = {},
) {
  const currentApp = options.currentApp ?? (() => app);
  const logger = mockServices.logger.mock();
  const governance = new DatabaseGovernanceStore(knex);
  const store = new DatabasePolicyFiringStore(knex);
  const notifier = new GovernanceNotifier({
    notifications: {
      send: options.send ?? (async (n: unknown) => void sent.push(n)),
    } as any,
    store: governance,
    stewards: microappsConfig.stewards,
    logger: mockServices.logger.mock(),
    expiryWarningDays: 14,
    membersOf: async () => [],
  });
  const engine = new PolicyEngine({
    policies: async () => options.policies ?? policies,
    inputOf: async (target, windowSeconds) => {
      inputsBuilt.push(windowSeconds);
      // As a database read would, let other requests arrive meanwhile.
      await new Promise(resolve => setTimeout(resolve, 20));
      return inputOf(target, windowSeconds);
    },
    manifestOf: target => manifestInput(target, models),
    listApps: async () => [currentApp()],
    findApp: async () => (r: string) =>
      r.toLocaleLowerCase('en-US') === ref ? currentApp() : undefined,
    store,
    traceIdsOf: async () => ['4bf92f3577b34da6a3ce929d0e0e4736'],
    openIncident: async (tx, firing) =>
      (await openOrExtendIncident(tx, firing)).incidentId,
    actions: createPolicyActions({
      killSwitches: governance,
      notifier,
      stewards: microappsConfig.stewards,
    }),
    logger,
    now: options.now,
  });
  return { engine, store, governance, notifier, logger };
}

/** A database of the test's with the governance tables. */
export async function migrated(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  const knex = await databases.init(databaseId);
  await DatabaseGovernanceStore.create({
    database: { getClient: async () => knex },
  });
  return knex;
}
