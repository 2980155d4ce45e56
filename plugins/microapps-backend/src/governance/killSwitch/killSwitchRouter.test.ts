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
import { KillSwitches } from './KillSwitches';
import { createKillSwitchRouter } from './killSwitchRouter';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const APP = exampleApp('finance-ops.yaml', 'invoice-field-extractor');
const OWNER_TEAM = APP.owner;

/** The kill-switch router alone, on a real store, behind Backstage's error handler. */
async function killSwitchApp(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseGovernanceStore.create({
    database: { getClient: async () => knex },
  });
  const auditor = recordingAuditor();
  const httpAuth = mockServices.httpAuth({
    defaultCredentials: mockCredentials.none(),
  });
  const killSwitches = new KillSwitches({
    store,
    guard: guardFor({
      result,
      user: 'user:default/mock',
      groups: [OWNER_TEAM],
    }),
    stewards: { security: [], compliance: [], executive: [], platform: [] },
    killSwitchStewardRoles: ['security', 'platform'],
  });
  const app = appWith(
    createKillSwitchRouter({
      auditor,
      killSwitches,
      appOf: createAppOf(httpAuth, loaderOf(APP)),
    }),
  );
  return { app, store, auditor };
}

const PATH = '/apps/default/invoice-field-extractor/kill-switch';
const asUser = { Authorization: mockCredentials.user.header() };
const asService = { Authorization: mockCredentials.service.header() };

describe('kill-switch router', () => {
  it('lets a gateway read the switch with a service token, and nobody without a token', async () => {
    const { app } = await killSwitchApp(AuthorizeResult.ALLOW);
    await request(app).get(PATH).expect(401);
    const res = await request(app).get(PATH).set(asService).expect(200);
    expect(res.body).toMatchObject({
      entityRef: APP.entityRef,
      enabled: false,
    });
    await request(app)
      .get('/apps/default/unknown/kill-switch')
      .set(asService)
      .expect(404);
  });

  it('takes a decision only from a person, and names the field a bad body gets wrong', async () => {
    const { app } = await killSwitchApp(AuthorizeResult.ALLOW);
    await request(app)
      .post(PATH)
      .set(asService)
      .send({ enabled: true, reason: 'Leaking data' })
      .expect(403);
    const bad = await request(app)
      .post(PATH)
      .set(asUser)
      .send({ enabled: 'yes' })
      .expect(400);
    expect(bad.body.error.message).toContain('enabled');
    expect(bad.body.error.message).toContain('must be true or false');
  });

  it('turns the switch on and off with a reason, audited in the chain and by the auditor', async () => {
    const { app, store, auditor } = await killSwitchApp(AuthorizeResult.ALLOW);
    const on = await request(app)
      .post(PATH)
      .set(asUser)
      .send({ enabled: true, reason: 'Sends invoices to an unvetted model' })
      .expect(200);
    expect(on.body).toMatchObject({
      enabled: true,
      reason: 'Sends invoices to an unvetted model',
      updatedBy: 'user:default/mock',
    });
    await request(app)
      .post(PATH)
      .set(asUser)
      .send({ enabled: false, reason: 'Model replaced' })
      .expect(200);
    const again = await request(app)
      .post(PATH)
      .set(asUser)
      .send({ enabled: false, reason: 'Twice' })
      .expect(409);
    expect(again.body.error.message).toBe(
      `The kill switch of ${APP.entityRef} is already off`,
    );
    const items = await store.listAudit({ limit: 10 });
    expect(items.map(entry => entry.action)).toEqual([
      'killswitch.disabled',
      'killswitch.enabled',
    ]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'kill-switch-set',
        meta: { entityRef: APP.entityRef, enabled: 'true' },
      }),
    );
  });

  it('refuses a caller the permission policy denies, and changes nothing', async () => {
    const { app, store } = await killSwitchApp(AuthorizeResult.DENY);
    const res = await request(app)
      .post(PATH)
      .set(asUser)
      .send({ enabled: true, reason: 'Leaking data' })
      .expect(403);
    expect(res.body.error.message).toMatch(
      /^You may not turn on the kill switch/,
    );
    expect((await request(app).get(PATH).set(asUser)).body.enabled).toBe(false);
    expect(await store.listAudit({ limit: 10 })).toEqual([]);
  });
});
