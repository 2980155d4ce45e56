import { TestDatabases } from '@backstage/backend-test-utils';
import { verifyAuditLog } from '../../audit/verifyAuditLog';
import { gateFor, badgeDetails } from '../../governance/appGovernance';
import { microappsConfig } from '../../__testUtils__/exampleCatalogPortal';
import {
  app,
  migrated,
  policies,
  ref,
  replica,
  telemetry,
} from '../../__testUtils__/policyEngineReplica';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('PolicyEngine (%s)', databaseId => {
  beforeEach(() => {
    Object.assign(telemetry, { pii: 0, errorRate: 0 });
  });

  it('fires an enforcing policy once per trigger: kill switch, held promotion, review, incident, one notice, audited', async () => {
    const knex = await migrated(databases, databaseId);
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

    await engine.actionsSettled();
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
    const knex = await migrated(databases, databaseId);
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

  it('fires once between replicas that evaluate the same app at the same time', async () => {
    const knex = await migrated(databases, databaseId);
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
    await Promise.all(replicas.map(r => r.engine.actionsSettled()));
    expect(sent).toHaveLength(1);
    const audit = await replicas[0].governance.listAudit({ limit: 20 });
    expect(audit.filter(e => e.action === 'policy.fired')).toHaveLength(1);
  });
});
