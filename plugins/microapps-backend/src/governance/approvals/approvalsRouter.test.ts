import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  appWith,
  exampleApp,
  guardFor,
  loaderOf,
  recordingAuditor,
} from '../../__testUtils__/routerTestKit';
import { createAppOf } from '../../registry/appOf';
import { DatabaseGovernanceStore } from '../DatabaseGovernanceStore';
import { KillSwitches } from '../killSwitch/KillSwitches';
import type { GovernanceNotifier } from '../notifications/GovernanceNotifier';
import { Approvals } from './Approvals';
import { createApprovalsRouter } from './approvalsRouter';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const APP = exampleApp('finance-ops.yaml', 'invoice-field-extractor');
const BASE = '/apps/default/invoice-field-extractor';
const USAGE = {
  cost30dUsd: 1.25,
  requests30d: 42,
  costPerRequestUsd: 0.029762,
  users30d: 3,
  violations30d: 1,
  highViolations30d: 0,
};

/** The approvals router alone, on a real store; the caller is `user`, a member of `groups`. */
async function approvalsApp(options: {
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  user?: string;
  groups?: string[];
  appApprovalTtlDays?: ReadonlyMap<string, number>;
}) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseGovernanceStore.create({
    database: { getClient: async () => knex },
  });
  const user = options.user ?? 'user:default/nora-security';
  const guard = guardFor({ ...options, user });
  const notifier = { badgeChanged: jest.fn(async () => undefined) };
  const stewards = {
    security: [],
    compliance: [],
    executive: [],
    platform: [],
  };
  const approvals = new Approvals({
    store,
    guard,
    killSwitches: new KillSwitches({
      store,
      guard,
      stewards,
      killSwitchStewardRoles: ['security'],
    }),
    approvalTtlDays: 90,
    appApprovalTtlDays: options.appApprovalTtlDays,
    notifier: notifier as unknown as GovernanceNotifier,
  });
  const app = appWith(
    createApprovalsRouter({
      auditor: recordingAuditor(),
      approvals,
      appOf: createAppOf(
        mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
        loaderOf(APP),
      ),
      usageOf: async ref => (ref === APP.entityRef ? USAGE : undefined),
    }),
  );
  return { app, store, notifier };
}

const asUser = { Authorization: mockCredentials.user.header() };
const badgeState = (body: any, badge: string) =>
  body.badges.find((b: { badge: string }) => b.badge === badge)?.state;

describe('approvals router', () => {
  it("answers an app's detail with its 30-day usage, and 404 for an app it does not know", async () => {
    const { app } = await approvalsApp({ result: AuthorizeResult.ALLOW });
    await request(app).get(BASE).expect(401);
    const res = await request(app).get(BASE).set(asUser).expect(200);
    expect(res.body).toMatchObject({
      entityRef: APP.entityRef,
      digest: APP.digest,
      usage30d: USAGE,
    });
    expect(badgeState(res.body, 'security-review')).toBe('pending');
    await request(app).get('/apps/default/unknown').set(asUser).expect(404);
  });

  it('grants and revokes with a comment, opens and closes the gate, and audits both', async () => {
    const { app, store } = await approvalsApp({
      result: AuthorizeResult.ALLOW,
    });
    const granted = await request(app)
      .post(`${BASE}/badges/security-review/grant`)
      .set(asUser)
      .send({ comment: 'Threat model reviewed' })
      .expect(200);
    expect(badgeState(granted.body, 'security-review')).toBe('granted');
    const revoked = await request(app)
      .post(`${BASE}/badges/security-review/revoke`)
      .set(asUser)
      .send({ comment: 'Scope changed' })
      .expect(200);
    expect(badgeState(revoked.body, 'security-review')).toBe('revoked');
    const again = await request(app)
      .post(`${BASE}/badges/security-review/revoke`)
      .set(asUser)
      .send({ comment: 'Twice' })
      .expect(409);
    expect(again.body.error.message).toBe(
      `security-review is not granted on ${APP.entityRef}, so there is nothing to revoke`,
    );
    const audit = await store.listAudit({ limit: 10 });
    expect(audit.map(entry => [entry.action, entry.comment])).toEqual([
      ['badge.revoked', 'Scope changed'],
      ['badge.granted', 'Threat model reviewed'],
    ]);
  });

  it('gives an app listed in microapps.approvals.perApp its own approval lifetime, after which the badge reads expired', async () => {
    const lifetime = async (appApprovalTtlDays?: Map<string, number>) => {
      const { app } = await approvalsApp({
        result: AuthorizeResult.ALLOW,
        appApprovalTtlDays,
      });
      const res = await request(app)
        .post(`${BASE}/badges/security-review/grant`)
        .set(asUser)
        .send({ comment: 'Reviewed for the pilot' })
        .expect(200);
      const badge = res.body.badges.find(
        (b: { badge: string }) => b.badge === 'security-review',
      );
      return {
        app,
        expiresAt: Date.parse(badge.expiresAt),
        ms: Date.parse(badge.expiresAt) - Date.parse(badge.grantedAt),
      };
    };
    expect((await lifetime()).ms).toBe(90 * 86_400_000);
    expect(
      (await lifetime(new Map([['microapp:default/other-app', 1]]))).ms,
    ).toBe(90 * 86_400_000);

    // 0.00002 days: 1.728 seconds.
    const pilot = await lifetime(
      new Map([[APP.entityRef.toLocaleLowerCase('en-US'), 0.00002]]),
    );
    expect(pilot.ms).toBe(1728);
    await new Promise(resolve =>
      setTimeout(resolve, pilot.expiresAt - Date.now() + 50),
    );
    const res = await request(pilot.app).get(BASE).set(asUser).expect(200);
    expect(badgeState(res.body, 'security-review')).toBe('expired');
    expect(res.body.gates.canary.reasons).toContain(
      `Security review is expired; a ${res.body.risk.tier}-tier app needs it before canary`,
    );
  }, 30_000);

  it('names what is wrong with a bad stage, badge or comment', async () => {
    const { app } = await approvalsApp({ result: AuthorizeResult.ALLOW });
    const stage = await request(app)
      .get(`${BASE}/gate?stage=prod`)
      .set(asUser)
      .expect(400);
    expect(stage.body.error.message).toContain('stage');
    const gate = await request(app)
      .get(`${BASE}/gate?stage=production`)
      .set(asUser)
      .expect(200);
    expect(gate.body.allowed).toBe(false);
    const noComment = await request(app)
      .post(`${BASE}/badges/security-review/grant`)
      .set(asUser)
      .send({})
      .expect(400);
    expect(noComment.body.error.message).toContain('comment');
    await request(app)
      .post(`${BASE}/badges/free-pass/grant`)
      .set(asUser)
      .send({ comment: 'Why not' })
      .expect(res => expect([400, 404]).toContain(res.status));
  });

  it('refuses a grant by the owning team, by a service, or by a caller the policy denies, and stores nothing', async () => {
    const owner = await approvalsApp({
      result: AuthorizeResult.ALLOW,
      user: 'user:default/owner',
      groups: [APP.owner],
    });
    const own = await request(owner.app)
      .post(`${BASE}/badges/security-review/grant`)
      .set(asUser)
      .send({ comment: 'Looks fine to us' })
      .expect(403);
    expect(own.body.error.message).toMatch(
      /^Separation of duties: you are a member of/,
    );
    await request(owner.app)
      .post(`${BASE}/badges/security-review/grant`)
      .set({ Authorization: mockCredentials.service.header() })
      .send({ comment: 'Pipeline says yes' })
      .expect(403);

    const denied = await approvalsApp({ result: AuthorizeResult.DENY });
    const res = await request(denied.app)
      .post(`${BASE}/badges/security-review/grant`)
      .set(asUser)
      .send({ comment: 'Reviewed' })
      .expect(403);
    expect(res.body.error.message).toBe(
      `You may not grant security-review on ${APP.entityRef}: only Security review stewards may`,
    );
    expect(await owner.store.listAudit({ limit: 10 })).toEqual([]);
    expect(await denied.store.listAudit({ limit: 10 })).toEqual([]);
  });

  it('records a request for changes with a comment, tells the owners, and drops it on a grant', async () => {
    const { app, store, notifier } = await approvalsApp({
      result: AuthorizeResult.ALLOW,
    });
    const url = `${BASE}/badges/security-review/request-changes`;
    await request(app).post(url).send({ comment: 'x' }).expect(401);
    const empty = await request(app).post(url).set(asUser).send({}).expect(400);
    expect(empty.body.error.message).toBe(
      'comment is required: say why you request changes',
    );
    const res = await request(app)
      .post(url)
      .set(asUser)
      .send({ comment: 'Add a data processing agreement' })
      .expect(200);
    const badge = res.body.badges.find(
      (b: { badge: string }) => b.badge === 'security-review',
    );
    expect(badge).toMatchObject({
      state: 'pending',
      changesRequested: {
        requestedBy: 'user:default/nora-security',
        comment: 'Add a data processing agreement',
      },
    });
    expect(notifier.badgeChanged).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: APP.entityRef }),
      'security-review',
      'changes-requested',
      'user:default/nora-security',
      'Add a data processing agreement',
    );
    const granted = await request(app)
      .post(`${BASE}/badges/security-review/grant`)
      .set(asUser)
      .send({ comment: 'DPA signed' })
      .expect(200);
    const after = granted.body.badges.find(
      (b: { badge: string }) => b.badge === 'security-review',
    );
    expect(after.changesRequested).toBeUndefined();
    await request(app)
      .post(url)
      .set(asUser)
      .send({ comment: 'Too late' })
      .expect(409);
    expect(
      (await store.listAudit({ limit: 10 })).map(e => [e.action, e.comment]),
    ).toEqual([
      ['badge.granted', 'DPA signed'],
      ['badge.changes-requested', 'Add a data processing agreement'],
    ]);
  });

  it('tells an owner in advance that separation of duties keeps them from granting, and refuses their request for changes', async () => {
    const owner = await approvalsApp({
      result: AuthorizeResult.ALLOW,
      user: 'user:default/owner',
      groups: [APP.owner],
    });
    const detail = await request(owner.app).get(BASE).set(asUser).expect(200);
    expect(
      detail.body.badges.map((b: any) => b.callerConflict?.reason),
    ).toEqual(detail.body.badges.map(() => 'owning-team'));
    await request(owner.app)
      .post(`${BASE}/badges/security-review/request-changes`)
      .set(asUser)
      .send({ comment: 'Us again' })
      .expect(403);

    const steward = await approvalsApp({ result: AuthorizeResult.ALLOW });
    const theirs = await request(steward.app).get(BASE).set(asUser).expect(200);
    expect(theirs.body.badges.some((b: any) => b.callerConflict)).toBe(false);
    const denied = await approvalsApp({ result: AuthorizeResult.DENY });
    await request(denied.app)
      .post(`${BASE}/badges/security-review/request-changes`)
      .set(asUser)
      .send({ comment: 'Reviewed' })
      .expect(403);
  });
});
