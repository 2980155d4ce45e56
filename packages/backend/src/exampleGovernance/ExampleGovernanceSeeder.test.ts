/*
 * The example governance seeder against the example portal's own backend
 * (portalFeatures.ts with app-config.yaml and the example catalog): the
 * stewards sign in with the development sign-in and act through the REST
 * API; the test then reads what a user would see.
 */
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import signalsPlugin from '@backstage/plugin-signals-backend';
import type { AddressInfo } from 'net';
import { portalFeatures } from '../portalFeatures';
import { ExampleGovernanceSeeder } from './ExampleGovernanceSeeder';
import { EXAMPLE_GOVERNANCE_PLAN } from './exampleGovernancePlan';
import { exampleGovernanceEnabled } from './exampleGovernancePlugin';
import { changeExampleManifest } from './exampleManifestChanges';
import { exampleBackendConfig } from '../__testUtils__/exampleBackendConfig';

jest.setTimeout(240_000);

const APPROVED_FOR_PRODUCTION = [
  'contract-clause-extractor',
  'expense-report-auditor',
  'benefits-faq-assistant',
  'ticket-triage-classifier',
  'campaign-copy-assistant',
  'competitor-news-digest',
];

/** The example pack's policy that the owner's PII findings make fire. */
const PII_POLICY = 'pii-burst-on-sensitive-data';

describe('ExampleGovernanceSeeder on the example portal backend', () => {
  let baseUrl: string;
  /** The audit chain's length once the plan is seeded. */
  let auditEntries: number;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        authServiceFactory,
        httpAuthServiceFactory,
        permissionsServiceFactory,
        userInfoServiceFactory,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({ data: exampleBackendConfig() }),
        ...portalFeatures.filter(feature => feature !== signalsPlugin),
      ],
    });
    baseUrl = `http://localhost:${
      (backend.server.address() as AddressInfo).port
    }/api`;
    stop = () => backend.stop();
  });

  afterAll(() => stop?.());

  const seeder = (plan = EXAMPLE_GOVERNANCE_PLAN) => {
    const logger = mockServices.logger.mock();
    const beforeKillSwitches = jest.fn(async () => {});
    const instance = new ExampleGovernanceSeeder({
      logger,
      getBaseUrl: async () => `${baseUrl}/microapps`,
      getAuthBaseUrl: async () => `${baseUrl}/auth`,
      getCatalogBaseUrl: async () => `${baseUrl}/catalog`,
      changeManifest: changeExampleManifest,
      plan,
      beforeKillSwitches,
      pollIntervalMs: 250,
      maxWaitMs: 180_000,
    });
    return { instance, logger, beforeKillSwitches };
  };

  /** A real token of an example user, as the browser gets it. */
  const tokenOf = async (user: string) => {
    const res = await fetch(
      `${baseUrl}/auth/dev-users/refresh?env=development`,
      { headers: { 'x-dev-user': user } },
    );
    expect(res.status).toBe(200);
    return (await res.json()).backstageIdentity.token as string;
  };
  const get = async (user: string, route: string) => {
    const res = await fetch(`${baseUrl}/microapps${route}`, {
      headers: { Authorization: `Bearer ${await tokenOf(user)}` },
    });
    expect(res.status).toBe(200);
    return res.json();
  };

  it('logs a refused step with the app, the badge and the answer, and goes on', async () => {
    const { instance, logger } = seeder([
      {
        action: 'grant',
        app: 'expense-report-auditor',
        badge: 'security-review',
        steward: 'bob',
        comment: 'My own team, but it looks fine',
      },
      {
        action: 'change-manifest',
        app: 'expense-report-auditor',
        owner: 'bob',
      },
    ]);
    await expect(instance.run()).resolves.toBe('seeded');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Example governance: bob could not grant security-review on expense-report-auditor: HTTP 403 Separation of duties/,
      ),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Example governance: the manifest of expense-report-auditor was not changed: .*examples\/manifest-changes\/expense-report-auditor\.yaml/,
      ),
    );
    expect(logger.info).toHaveBeenCalledWith(
      'Example governance: granted 0 badges on 0 apps, 0 revoked, 0 changes requested, 0 kill switch engaged, 0 manifest changed after its review, PII findings sent for 0 apps',
    );
  });

  it('leaves the example apps in the states examples/README.md lists, every step audited', async () => {
    // The example traffic seeder's ingest keys are audited too: no reason to skip.
    const key = await fetch(
      `${baseUrl}/microapps/apps/default/ticket-triage-classifier/ingest-keys`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${await tokenOf('grace')}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ name: 'example traffic' }),
      },
    );
    expect(key.status).toBe(201);
    const { instance, logger, beforeKillSwitches } = seeder();
    await expect(instance.run()).resolves.toBe('seeded');
    expect(logger.warn).not.toHaveBeenCalled();
    expect(beforeKillSwitches).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      'Example governance: granted 21 badges on 12 apps, 1 revoked, 1 changes requested, 1 kill switch engaged, 1 manifest changed after its review, PII findings sent for 1 app',
    );

    // What uma, who only browses the marketplace, sees.
    const app = (name: string) => get('uma', `/apps/default/${name}`);
    for (const name of APPROVED_FOR_PRODUCTION) {
      expect((await app(name)).status).toMatchObject({
        id: 'approved',
        label: 'Approved for production',
        missingBadges: [],
      });
    }
    expect((await app('webinar-transcript-summarizer')).status.label).toBe(
      'Approved for canary',
    );
    expect((await app('dsar-response-automation')).status).toMatchObject({
      id: 'in-review',
      missingBadges: ['security-review'],
    });
    expect((await app('payroll-anomaly-detector')).status).toMatchObject({
      id: 'overdue',
      missingBadges: ['executive-signoff', 'production-readiness'],
    });

    const nda = await app('nda-triage');
    expect(nda.status.id).toBe('overdue');
    expect(
      nda.badges.find((b: any) => b.badge === 'production-readiness'),
    ).toMatchObject({
      state: 'revoked',
      revokedBy: 'user:default/tara',
      revokeComment: expect.stringMatching(/^Revoked: two P1 incidents/),
    });

    const voice = await app('voice-of-customer-extractor');
    expect(
      voice.badges.find((b: any) => b.badge === 'compliance-review')
        .changesRequested,
    ).toMatchObject({
      requestedBy: 'user:default/oscar',
      comment: expect.stringMatching(/^Raw customer PII/),
    });

    const killed = await app('lead-scoring-classifier');
    expect(killed.status.id).toBe('disabled');
    expect(killed.killSwitch).toMatchObject({
      enabled: true,
      engagedByRole: 'steward',
      updatedBy: 'user:default/nora',
    });

    // The owner's PII findings made the example pack's policy fire: its kill
    // switch waits for two stewards, and an incident holds the three traces.
    const burst = await app('rfp-response-drafter');
    expect(burst.status.id).toBe('disabled');
    expect(burst.killSwitch).toMatchObject({
      enabled: true,
      engagedByRole: 'policy',
      updatedBy: `policy:${PII_POLICY}`,
      releaseNeedsTwoStewards: true,
    });
    const incidents = (
      await get('nora', '/apps/default/rfp-response-drafter/incidents')
    ).items;
    expect(incidents).toEqual([
      expect.objectContaining({
        state: 'open',
        severity: 'critical',
        policyIds: [PII_POLICY],
      }),
    ]);
    const incident = await get('nora', `/incidents/${incidents[0].id}`);
    const firing = incident.events.find((e: any) => e.kind === 'firing');
    expect(firing.values['window.violations["pii_detected"]']).toBe(3);
    expect(firing.traceIds).toHaveLength(3);

    // The inbox still has overdue reviews, and the audit chain holds every
    // step: the stewards' decisions, and the policy's firing and switch.
    const reviews = (await get('nora', '/reviews')).items;
    expect(reviews.filter((r: any) => r.overdue).length).toBeGreaterThan(3);
    const audit = (await get('sam', '/audit?limit=500')).items.filter(
      (e: any) => !e.action.startsWith('ingest-key.'),
    );
    // The owners' steps are no steward decisions: a policy's entries follow
    // the PII findings, and the catalog, not Trellis, reads manifests.
    const decisions = EXAMPLE_GOVERNANCE_PLAN.filter(
      step =>
        step.action !== 'pii-findings' && step.action !== 'change-manifest',
    );
    const byPeople = audit.filter((e: any) => e.actor.startsWith('user:'));
    expect(byPeople).toHaveLength(decisions.length);
    expect(new Set(byPeople.map((e: any) => e.actor))).toEqual(
      new Set(
        decisions.map(
          step => `user:default/${'steward' in step ? step.steward : ''}`,
        ),
      ),
    );
    expect(
      audit
        .filter((e: any) => e.actor === `policy:${PII_POLICY}`)
        .map((e: any) => e.action)
        .sort(),
    ).toEqual(['killswitch.enabled', 'policy.fired']);
    auditEntries = (await get('sam', '/audit/verify')).entries;
    expect(await get('sam', '/audit/verify')).toMatchObject({ valid: true });
    // Two ingest keys (grace's and the owner's) besides the steps.
    expect(auditEntries).toBe(audit.length + 2);
  });

  it('leaves a grant stale with what changed since the review, and one expired', async () => {
    const badge = (detail: any, id: string) =>
      detail.badges.find((b: any) => b.badge === id);
    const app = (name: string) => get('uma', `/apps/default/${name}`);

    // legal-ops added a model after sam's review: the catalog serves the
    // changed manifest, and the grant reads stale with the fields that changed.
    const changed = await app('regulatory-change-digest');
    expect(changed.status).toMatchObject({
      id: 'overdue',
      missingBadges: ['production-readiness'],
    });
    expect(badge(changed, 'production-readiness')).toMatchObject({
      state: 'stale',
      staleReason: 'manifest-changed',
      approver: 'user:default/sam',
      changes: [
        {
          field: 'models',
          before: ['azure-gpt-4.1'],
          after: ['azure-gpt-4.1', 'azure-gpt-4.1-mini'],
        },
      ],
    });
    expect(badge(changed, 'production-readiness').grantedDigest).not.toBe(
      changed.digest,
    );

    // nora's grant holds the trial's lifetime from microapps.approvals.perApp
    // (0.0007 days); once it has passed, the badge reads expired and the
    // canary gate stays shut.
    const trial = badge(await app('social-post-classifier'), 'security-review');
    expect(trial.approver).toBe('user:default/nora');
    expect(Date.parse(trial.expiresAt) - Date.parse(trial.grantedAt)).toBe(
      Math.round(0.0007 * 86_400_000),
    );
    await new Promise(resolve =>
      setTimeout(
        resolve,
        Math.max(0, Date.parse(trial.expiresAt) - Date.now()),
      ),
    );
    const expired = await app('social-post-classifier');
    expect(badge(expired, 'security-review').state).toBe('expired');
    expect(expired.status).toMatchObject({
      id: 'in-review',
      missingBadges: ['security-review'],
    });
    expect(expired.gates.canary.reasons).toContain(
      'Security review is expired; a medium-tier app needs it before canary',
    );

    // Both wait in the stewards' inbox for a new review.
    const reviewState = async (steward: string, name: string, id: string) =>
      (await get(steward, '/reviews')).items.find(
        (r: any) =>
          r.entityRef === `microapp:default/${name}` && r.badge === id,
      )?.state;
    expect(
      await reviewState(
        'tara',
        'regulatory-change-digest',
        'production-readiness',
      ),
    ).toBe('stale');
    expect(
      await reviewState('maya', 'social-post-classifier', 'security-review'),
    ).toBe('expired');
  });

  it('seeds nothing when the audit log already has steward decisions', async () => {
    const { instance, logger } = seeder();
    await expect(instance.run()).resolves.toBe('already-seeded');
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/already has steward decisions, nothing seeded/),
    );
    expect((await get('sam', '/audit/verify')).entries).toBe(auditEntries);
  });
});

describe('exampleGovernanceEnabled', () => {
  const enabled = (data: object) =>
    exampleGovernanceEnabled(new ConfigReader(data));
  const development = {
    auth: { environment: 'development', providers: { 'dev-users': {} } },
  };

  it('is on only with seedOnStart where development sign-in works', () => {
    const seeding = { trellis: { exampleGovernance: { seedOnStart: true } } };
    expect(enabled({ ...seeding, ...development })).toBe(true);
    expect(
      enabled({
        ...seeding,
        auth: { environment: 'production', providers: { 'dev-users': {} } },
      }),
    ).toBe(false);
    expect(
      enabled({
        ...seeding,
        auth: { environment: 'development', providers: { guest: {} } },
      }),
    ).toBe(false);
    expect(enabled(development)).toBe(false);
  });
});
