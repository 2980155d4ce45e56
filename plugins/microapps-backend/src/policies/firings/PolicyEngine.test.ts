import {
  mockServices,
  type TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  DEFAULT_RISK_MATRIX,
  VIOLATION_TYPES,
} from '@trellis/plugin-microapps-common';
import type { Knex } from 'knex';
import {
  exampleApps,
  microappsConfig,
  models,
} from '../../__testUtils__/exampleCatalogPortal';
import { verifyAuditLog } from '../../audit/verifyAuditLog';
import { gateFor, badgeDetails } from '../../governance/appGovernance';
import { DatabaseGovernanceStore } from '../../governance/DatabaseGovernanceStore';
import { GovernanceNotifier } from '../../governance/notifications/GovernanceNotifier';
import { openOrExtendIncident } from '../../incidents/incidentWrites';
import { governedApp } from '../../registry/governedApp';
import { compilePack } from '../compilePolicy';
import { policyEnvironment, type PolicyInput } from '../policyInput';
import { manifestInput } from '../policyInputs';
import { DatabasePolicyFiringStore } from './DatabasePolicyFiringStore';
import { createPolicyActions } from './policyActions';
import { PolicyEngine } from './PolicyEngine';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** An app with confidential data, owned by finance-ops. */
const entity = exampleApps.find(
  app =>
    app.spec.data.classifications.includes('confidential') &&
    app.spec.owner === 'group:default/finance-ops',
)!;
const app = governedApp(entity, { models, riskMatrix: DEFAULT_RISK_MATRIX });
const ref = app.entityRef.toLocaleLowerCase('en-US');

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
const policies = compilePack(
  policyEnvironment(),
  'file:/pack.yaml',
  PACK,
).policies;

/** A policy that the app's manifest alone makes false: it holds no regulated data. */
const regulatedPiiPolicy = () =>
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
let telemetry: { pii: number; errorRate: number };
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
const inputsBuilt: number[] = [];

/** One replica: its own engine over the shared database. */
function replica(
  knex: Knex,
  sent: unknown[],
  options: {
    policies?: typeof policies;
    now?: () => Date;
    /** The registry's app now (it replaces an app whose manifest changes). */
    currentApp?: () => typeof app;
  } = {},
) {
  const currentApp = options.currentApp ?? (() => app);
  const logger = mockServices.logger.mock();
  const governance = new DatabaseGovernanceStore(knex);
  const store = new DatabasePolicyFiringStore(knex);
  const notifier = new GovernanceNotifier({
    notifications: { send: async (n: unknown) => void sent.push(n) } as any,
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
    carryOut: createPolicyActions({
      killSwitches: governance,
      notifier,
      stewards: microappsConfig.stewards,
    }),
    logger,
    now: options.now,
  });
  return { engine, store, governance, notifier, logger };
}

async function migrated(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  await DatabaseGovernanceStore.create({
    database: { getClient: async () => knex },
  });
  return knex;
}

describe.each(databases.eachSupportedId())('PolicyEngine (%s)', databaseId => {
  beforeEach(() => {
    telemetry = { pii: 0, errorRate: 0 };
  });

  it('fires an enforcing policy once per trigger: kill switch, held promotion, review, incident, one notice, audited', async () => {
    const knex = await migrated(databaseId);
    const sent: any[] = [];
    const { engine, store, governance, notifier } = replica(knex, sent);
    await governance.grant({
      approval: {
        entityRef: app.entityRef,
        badge: 'security-review',
        digest: app.digest,
        reviewedSpec: app.reviewable,
        approver: 'user:default/nora',
        comment: 'Reviewed',
        grantedAt: '2026-11-01T00:00:00.000Z',
        expiresAt: '2099-01-01T00:00:00.000Z',
      },
      audit: {
        occurredAt: '2026-11-01T00:00:00.000Z',
        actor: 'user:default/nora',
        action: 'badge.granted',
        entityRef: app.entityRef,
      },
    });

    expect(await engine.evaluate(app, policies, 'ingest')).toEqual([]);
    telemetry.pii = 3;
    const [firing] = await engine.evaluate(app, policies, 'ingest');
    expect(firing).toMatchObject({
      policyId: 'pii-burst',
      mode: 'enforce',
      episode: 1,
      values: { 'window.violations["pii_detected"]': 3 },
    });
    // Still true: the same trigger does not fire again.
    expect(await engine.evaluate(app, policies, 'schedule')).toEqual([]);

    const killSwitch = await governance.getKillSwitch(app.entityRef);
    expect(killSwitch).toMatchObject({
      enabled: true,
      engagedByRole: 'policy',
      updatedBy: 'policy:pii-burst',
    });
    const blocks = await store.promotionBlocks(app.entityRef);
    const badges = badgeDetails(
      app,
      await governance.listApprovals(app.entityRef),
      new Date(),
    );
    expect(badges.find(b => b.badge === 'security-review')).toMatchObject({
      state: 'stale',
      staleReason: 'review-required',
      reviewRequiredBy: 'pii-burst',
    });
    const gate = gateFor(
      app,
      badges,
      'canary',
      { entityRef: ref, enabled: true },
      blocks,
    );
    expect(gate.allowed).toBe(false);
    expect(gate.reasons).toContain(
      'Policy pii-burst holds promotion: Repeated PII (window.violations["pii_detected"] = 3)',
    );

    expect(sent).toHaveLength(1);
    // The scan of stale approvals tells owners and stewards why, once.
    await notifier.scan([app]);
    await notifier.scan([app]);
    const stale = sent.filter(n => n.payload.title.endsWith('is stale'));
    expect(stale).toHaveLength(1);
    expect(stale[0].payload.description).toBe(
      'Policy pii-burst asked for a new review. The badge no longer counts until it is granted again.',
    );
    sent.splice(1);
    expect(sent[0].recipients.entityRef).toEqual([
      app.owner,
      ...microappsConfig.stewards.security,
    ]);
    expect(sent[0].payload.title).toContain('Repeated PII');

    const incidents = await knex('microapps_incidents').where(
      'entity_ref',
      ref,
    );
    expect(incidents).toHaveLength(1);
    expect(firing.incidentId).toBe(Number(incidents[0].id));
    const events = await knex('microapps_incident_events').where(
      'incident_id',
      incidents[0].id,
    );
    expect(JSON.parse(events[0].details)).toMatchObject({
      policyId: 'pii-burst',
      traceIds: ['4bf92f3577b34da6a3ce929d0e0e4736'],
    });

    const audit = await governance.listAudit({
      entityRef: app.entityRef,
      limit: 10,
    });
    expect(audit.map(e => e.action)).toEqual([
      'killswitch.enabled',
      'policy.fired',
      'badge.granted',
    ]);
    expect(audit[1]).toMatchObject({
      actor: 'policy:pii-burst',
      details: expect.objectContaining({
        policyId: 'pii-burst',
        firingId: firing.id,
        incidentId: firing.incidentId,
        values: { 'window.violations["pii_detected"]': 3 },
        actions: expect.arrayContaining(['Kill switch engaged']),
      }),
    });
    expect((await verifyAuditLog(governance)).valid).toBe(true);

    // False again: re-armed, promotion no longer held; true again: fires anew.
    telemetry.pii = 0;
    await engine.evaluate(app, policies, 'schedule');
    expect(await store.promotionBlocks(app.entityRef)).toEqual([]);
    telemetry.pii = 5;
    const [again] = await engine.evaluate(app, policies, 'schedule');
    expect(again).toMatchObject({ episode: 2, incidentId: firing.incidentId });
    expect(sent).toHaveLength(2);
  });

  it('records what a dry-run policy would have done and does nothing', async () => {
    const knex = await migrated(databaseId);
    const sent: any[] = [];
    const { engine, store, governance } = replica(knex, sent);
    telemetry.errorRate = 0.8;
    const [firing] = await engine.evaluate(app, policies, 'schedule');
    expect(firing).toMatchObject({ policyId: 'error-watch', mode: 'dry-run' });
    expect(await store.promotionBlocks(app.entityRef)).toEqual([]);
    expect(await governance.getKillSwitch(app.entityRef)).toBeUndefined();
    expect(sent).toEqual([]);
    expect(await knex('microapps_incidents')).toEqual([]);
    const [entry] = await governance.listAudit({ limit: 1 });
    expect(entry).toMatchObject({
      action: 'policy.dry-run',
      details: expect.objectContaining({
        wouldHave: ['Promotion blocked until the condition is false again'],
      }),
    });
  });

  it('on ingest, evaluates only the policies the request can make fire, and a burst of requests shares evaluations', async () => {
    const knex = await migrated(databaseId);
    const sent: any[] = [];
    // Reads PII too, but only for regulated data, which this app lacks.
    expect(entity.spec.data.classifications).not.toContain('regulated');
    const [regulatedOnly] = regulatedPiiPolicy();
    let now = Date.parse('2026-12-03T10:00:00Z');
    const { engine, logger } = replica(knex, sent, {
      policies: [...policies, regulatedOnly],
      now: () => new Date(now),
    });
    telemetry = { pii: 2, errorRate: 0.9 };
    inputsBuilt.length = 0;
    const pii = [{ entityRef: ref, types: ['pii_detected' as const] }];
    // A request with another type of violation: no policy reads it.
    await engine.afterIngest([{ entityRef: ref, types: ['undeclared_model'] }]);
    expect(inputsBuilt).toEqual([]);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        engine.afterIngest([
          ...pii,
          { entityRef: ref.toUpperCase(), types: ['pii_detected'] },
        ]),
      ),
    );
    // pii-burst (10-minute window) only: error-watch does not read
    // violations and regulated-pii is false for this app's manifest (its
    // 1-hour window is never read). The first request's evaluation, then one
    // shared by the nine that came meanwhile.
    expect(inputsBuilt).toEqual([600, 600]);
    // Requests that arrive while both run wait for a third, after the second.
    await Promise.all([
      engine.afterIngest(pii),
      (async () => {
        await new Promise(resolve => setTimeout(resolve, 5));
        await Promise.all([engine.afterIngest(pii), engine.afterIngest(pii)]);
      })(),
    ]);
    expect(inputsBuilt).toEqual([600, 600, 600, 600]);

    // The third finding fires it; active, it cannot fire again, so the next
    // requests leave it alone for 30 seconds (re-arming is the schedule's).
    telemetry.pii = 3;
    await engine.afterIngest(pii);
    await engine.afterIngest(pii);
    expect(inputsBuilt).toHaveLength(5);
    now += 31_000;
    await engine.afterIngest(pii);
    expect(inputsBuilt).toHaveLength(6);
    expect(logger.error).not.toHaveBeenCalled();
    const firings = await knex('microapps_policy_firings');
    expect(firings.map(f => [f.policy_id, f.trigger])).toEqual([
      ['pii-burst', 'ingest'],
    ]);
    expect(sent).toHaveLength(1);
  });

  it('on ingest, evaluates a policy the manifest made false once the app declares the data it needs', async () => {
    const knex = await migrated(databaseId);
    let current = app;
    const { engine } = replica(knex, [], {
      policies: regulatedPiiPolicy(),
      currentApp: () => current,
    });
    telemetry = { pii: 0, errorRate: 0 };
    inputsBuilt.length = 0;
    const pii = [{ entityRef: ref, types: ['pii_detected' as const] }];
    await engine.afterIngest(pii);
    await engine.afterIngest(pii);
    expect(inputsBuilt).toEqual([]);
    // The catalog now says the app holds regulated data: the registry
    // replaces the app, and the next request's PII is evaluated.
    current = governedApp(
      {
        ...entity,
        spec: {
          ...entity.spec,
          data: {
            ...entity.spec.data,
            classifications: [...entity.spec.data.classifications, 'regulated'],
          },
        },
      },
      { models, riskMatrix: DEFAULT_RISK_MATRIX },
    );
    await engine.afterIngest(pii);
    expect(inputsBuilt).toEqual([3600]);
  });

  it('fires once between replicas that evaluate the same app at the same time', async () => {
    const knex = await migrated(databaseId);
    const sent: any[] = [];
    const replicas = [
      replica(knex, sent),
      replica(knex, sent),
      replica(knex, sent),
    ];
    telemetry.pii = 4;
    const results = await Promise.all(
      replicas.map(r => r.engine.evaluate(app, policies, 'ingest')),
    );
    expect(results.flat()).toHaveLength(1);
    expect(await knex('microapps_policy_firings')).toHaveLength(1);
    expect(await knex('microapps_incidents')).toHaveLength(1);
    expect(sent).toHaveLength(1);
    const audit = await replicas[0].governance.listAudit({ limit: 20 });
    expect(audit.filter(e => e.action === 'policy.fired')).toHaveLength(1);
  });
});
