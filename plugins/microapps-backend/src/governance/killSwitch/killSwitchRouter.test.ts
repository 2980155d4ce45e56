import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_RISK_MATRIX,
  type MicroAppEntity,
} from '@trellis/plugin-microapps-common';
import express from 'express';
import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES_DIR } from '../../__testUtils__/startTestPortal';
import request from 'supertest';
import { microAppPermissionRules } from '../../permissions/rules';
import { createAppOf } from '../../registry/appOf';
import { governedApp } from '../../registry/governedApp';
import { DatabaseGovernanceStore } from '../DatabaseGovernanceStore';
import { GovernanceGuard } from '../GovernanceGuard';
import { KillSwitches } from './KillSwitches';
import { createKillSwitchRouter } from './killSwitchRouter';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** An example app of the finance-ops team, as the example catalog has it. */
const entity = parseAllDocuments(
  fs.readFileSync(
    path.join(EXAMPLES_DIR, 'microapps', 'finance-ops.yaml'),
    'utf8',
  ),
)
  .map(doc => doc.toJS() as MicroAppEntity)
  .find(e => e?.metadata?.name === 'invoice-field-extractor')!;
const OWNER_TEAM = entity.spec.owner;
const APP = governedApp(entity, {
  models: [],
  riskMatrix: DEFAULT_RISK_MATRIX,
});

/** The kill-switch router alone, on a real store, behind Backstage's error handler. */
async function killSwitchApp(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseGovernanceStore.create({
    database: { getClient: async () => knex },
  });
  const auditor = mockServices.auditor.mock({
    createEvent: async () => ({
      success: async () => {},
      fail: async () => {},
    }),
  });
  const httpAuth = mockServices.httpAuth({
    defaultCredentials: mockCredentials.none(),
  });
  const killSwitches = new KillSwitches({
    store,
    guard: new GovernanceGuard({
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      permissions: mockServices.permissions({ result }),
      userInfo: mockServices.userInfo({
        userEntityRef: 'user:default/mock',
        ownershipEntityRefs: ['user:default/mock', OWNER_TEAM],
      }),
      ruleset: {
        getRuleByName: name =>
          Object.values(microAppPermissionRules).find(r => r.name === name)!,
      },
    }),
    stewards: { security: [], compliance: [], executive: [], platform: [] },
    killSwitchStewardRoles: ['security', 'platform'],
  });
  const app = express();
  app.use(express.json());
  app.use(
    createKillSwitchRouter({
      auditor,
      killSwitches,
      appOf: createAppOf(httpAuth, async ref => {
        if (ref.name !== APP.entity.metadata.name)
          throw new NotFoundError(`No MicroApp ${ref.name}`);
        return APP;
      }),
    }),
  );
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
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
