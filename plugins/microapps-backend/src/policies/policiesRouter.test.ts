import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { microAppStewardDecision } from '@trellis/plugin-microapps-node';
import path from 'path';
import request from 'supertest';
import {
  appWith,
  exampleApp,
  loaderOf,
  permissionRuleset,
} from '../__testUtils__/routerTestKit';
import { DatabaseGovernanceStore } from '../governance/DatabaseGovernanceStore';
import { AppReadAccess } from '../registry/AppReadAccess';
import { DatabaseTelemetryStore } from '../telemetry/DatabaseTelemetryStore';
import { DatabasePolicyFiringStore } from './firings/DatabasePolicyFiringStore';
import { createPolicyInputBuilder } from './policyInputs';
import { PolicyLoader } from './PolicyLoader';
import { createPoliciesRouter } from './policiesRouter';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const APP = exampleApp('finance-ops.yaml', 'invoice-field-extractor');
const EXAMPLE_PACK = path.resolve(
  __dirname,
  '../../../../examples/policies/trellis-default.yaml',
);

const STEWARDS = { security: ['group:default/security-stewards'] };
/** Each user's groups, as the steward decision reads them. */
const GROUPS: Record<string, string[]> = {
  'user:default/nora': ['group:default/security-stewards'],
  'user:default/alice': ['group:default/finance-ops'],
  'user:default/uma': [],
};

/** The permission service with Trellis's steward decision, as the example portal installs it. */
const stewardPermissions = mockServices.permissions.mock({
  authorize: async (requests, options) => {
    const user = (options?.credentials as BackstageCredentials<any>).principal
      ?.userEntityRef as string;
    return requests.map(({ permission }) => {
      const decision = microAppStewardDecision(
        { permission } as any,
        {
          info: {
            userEntityRef: user,
            ownershipEntityRefs: GROUPS[user] ?? [],
          },
        } as any,
        STEWARDS,
      );
      return {
        result:
          decision?.result === AuthorizeResult.ALLOW
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      };
    });
  },
});

async function policiesApp(
  firings?: (store: DatabasePolicyFiringStore) => Promise<void>,
) {
  const knex = await databases.init('SQLITE_3');
  const database = { getClient: async () => knex };
  const governance = await DatabaseGovernanceStore.create({ database });
  const telemetry = await DatabaseTelemetryStore.create({ database });
  const firingStore = new DatabasePolicyFiringStore(knex);
  await firings?.(firingStore);
  const loader = new PolicyLoader({
    locations: [
      { type: 'file', target: EXAMPLE_PACK },
      { type: 'url', target: 'https://git.example.com/broken.yaml' },
    ],
    urlReader: {
      readUrl: async () =>
        ({
          buffer: async () =>
            Buffer.from(
              'apiVersion: trellis.dev/v1alpha1\nkind: PolicyPack\npolicies:\n  - id: x\n',
            ),
        } as any),
    },
    logger: mockServices.logger.mock(),
  });
  return appWith(
    createPoliciesRouter({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
      access: new AppReadAccess({
        permissions: stewardPermissions,
        catalog: catalogServiceMock(),
        ruleset: permissionRuleset,
      }),
      loader,
      loadApp: loaderOf(APP),
      inputOf: createPolicyInputBuilder({
        telemetry,
        approvals: ref => governance.listApprovals(ref),
        killSwitchOn: async ref =>
          (await governance.getKillSwitch(ref))?.enabled ?? false,
        digestSince: async () => undefined,
        models: [],
      }),
      firings: firingStore,
    }),
  );
}

/** A firing of an example policy, as the engine records it. */
const firingOf = (
  policyId: string,
  entityRef: string,
  firedAt: string,
  mode: 'enforce' | 'dry-run',
) => ({
  policyId,
  entityRef,
  firedAt,
  mode,
  severity: 'high' as const,
  title: policyId,
  trigger: 'schedule' as const,
  values: {},
  actions: [],
  audit: {
    occurredAt: firedAt,
    actor: `policy:${policyId}`,
    action: 'policy.fired',
    entityRef,
  },
});

const as = (user: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${user}`),
});

const benchPolicy = (when: string) => `id: bench
title: Bench
description: A try on the test bench.
severity: low
window: 10m
when: ${when}
actions:
  - type: notify
    to: owners
`;

describe('policies router', () => {
  it('lists the loaded policies and the load errors to stewards only', async () => {
    const app = await policiesApp();
    await request(app).get('/policies').expect(401);
    for (const user of ['alice', 'uma']) {
      const res = await request(app).get('/policies').set(as(user)).expect(403);
      expect(res.body.error.message).toContain('microapps.policies.read');
    }
    const res = await request(app).get('/policies').set(as('nora')).expect(200);
    expect(res.body.policies.map((p: { id: string }) => p.id)).toEqual([
      'pii-burst-on-sensitive-data',
      'budget-overrun',
      'prohibited-or-unvetted-model',
      'stale-approval',
    ]);
    expect(res.body.policies[0]).toMatchObject({
      severity: 'critical',
      mode: 'enforce',
      window: '10m',
      location: `file:${EXAMPLE_PACK}`,
      lastFirings: [],
    });
    expect(res.body.loadErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          location: 'https://git.example.com/broken.yaml',
          policyId: 'x',
          path: 'policies[0].title',
          line: 4,
          message: 'is required',
        }),
      ]),
    );
  });

  it("shows each policy's newest firings, newest first, dry-run ones marked", async () => {
    const app = await policiesApp(async store => {
      const ref = 'microapp:default/invoice-field-extractor';
      await store.fire(
        firingOf('budget-overrun', ref, '2026-12-01T10:00:00.000Z', 'dry-run'),
      );
      await store.rearm('budget-overrun', ref, '2026-12-01T11:00:00.000Z');
      await store.fire(
        firingOf('budget-overrun', ref, '2026-12-02T10:00:00.000Z', 'dry-run'),
      );
      await store.fire(
        firingOf(
          'stale-approval',
          'microapp:default/Other-App',
          '2026-12-02T12:00:00.000Z',
          'enforce',
        ),
      );
    });
    const res = await request(app).get('/policies').set(as('nora')).expect(200);
    const lastFirings = Object.fromEntries(
      res.body.policies.map((p: any) => [p.id, p.lastFirings]),
    );
    expect(lastFirings['budget-overrun']).toEqual([
      expect.objectContaining({
        entityRef: 'microapp:default/invoice-field-extractor',
        firedAt: '2026-12-02T10:00:00.000Z',
        mode: 'dry-run',
      }),
      expect.objectContaining({ firedAt: '2026-12-01T10:00:00.000Z' }),
    ]);
    expect(lastFirings['stale-approval']).toEqual([
      expect.objectContaining({
        entityRef: 'microapp:default/other-app',
        mode: 'enforce',
      }),
    ]);
    expect(lastFirings['pii-burst-on-sensitive-data']).toEqual([]);
  });

  it('evaluates a policy against an app for stewards, with the values it read', async () => {
    const app = await policiesApp();
    const body = {
      app: 'microapp:default/invoice-field-extractor',
      policy: benchPolicy(
        'window.requests == 0 && app.tier == "high" && window.violations["pii_detected"] < 3',
      ),
    };
    await request(app).post('/policies/evaluate').send(body).expect(401);
    await request(app)
      .post('/policies/evaluate')
      .set(as('alice'))
      .send(body)
      .expect(403);
    await request(app)
      .post('/policies/evaluate')
      .set(as('uma'))
      .send(body)
      .expect(403);
    const res = await request(app)
      .post('/policies/evaluate')
      .set(as('nora'))
      .send(body)
      .expect(200);
    expect(res.body).toEqual({
      id: 'bench',
      app: APP.entityRef,
      fired: APP.risk.tier === 'high',
      mode: 'dry-run',
      actions: [{ type: 'notify', to: 'owners' }],
      values: {
        'app.tier': APP.risk.tier,
        'window.requests': 0,
        'window.violations["pii_detected"]': 0,
      },
      errors: [],
    });
  });

  it('answers 400 naming the field and position of an invalid policy', async () => {
    const app = await policiesApp();
    const typo = await request(app)
      .post('/policies/evaluate')
      .set(as('nora'))
      .send({
        app: 'microapp:default/invoice-field-extractor',
        policy: benchPolicy('app.teir == "high"'),
      })
      .expect(400);
    expect(typo.body.error.message).toBe(
      'Invalid policy. policy.when (line 6, column 11): No such key: teir',
    );

    const unknown = await request(app)
      .post('/policies/evaluate')
      .set(as('nora'))
      .send({
        app: 'microapp:default/invoice-field-extractor',
        policy: {
          id: 'bench',
          title: 'B',
          description: 'B',
          severity: 'low',
          when: 'true',
          actions: [],
          owner: 'me',
        },
      })
      .expect(400);
    expect(unknown.body.error.message).toContain('policy.owner');
    expect(unknown.body.error.message).toContain('unknown field(s) owner');

    const noApp = await request(app)
      .post('/policies/evaluate')
      .set(as('nora'))
      .send({
        policy: benchPolicy('window.requests >= 0'),
        app: 'group:default/finance-ops',
      })
      .expect(400);
    expect(noApp.body.error.message).toContain(
      'app: must be a MicroApp entity ref',
    );

    const huge = await request(app)
      .post('/policies/evaluate')
      .set(as('nora'))
      .send({ policy: 'x'.repeat(20_000), app: 'microapp:default/a' })
      .expect(400);
    expect(huge.body.error.message).toContain('policy');
  });

  it('answers 404 for an app it does not know', async () => {
    const app = await policiesApp();
    const res = await request(app)
      .post('/policies/evaluate')
      .set(as('nora'))
      .send({
        app: 'microapp:default/no-such-app',
        policy: benchPolicy('window.requests >= 0'),
      })
      .expect(404);
    expect(res.body.error.name).toBe('NotFoundError');
  });
});
