import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import {
  appWith,
  exampleApp,
  loaderOf,
  permissionRuleset,
} from '../../__testUtils__/routerTestKit';
import { DatabaseGovernanceStore } from '../../governance/DatabaseGovernanceStore';
import { createAppOf } from '../../registry/appOf';
import { AppReadAccess } from '../../registry/AppReadAccess';
import { DatabaseIngestKeyStore } from './DatabaseIngestKeyStore';
import { IngestKeys } from './IngestKeys';
import {
  createIngestIdentifier,
  createIngestKeysRouter,
} from './ingestKeysRouter';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const APP = exampleApp('finance-ops.yaml', 'invoice-field-extractor');
const KEYS = '/apps/default/invoice-field-extractor/ingest-keys';

/**
 * The ingest-key routes and, beside them, a route that answers who an
 * ingest request is from, as the receiver asks before it reads a body.
 */
async function ingestKeysApp(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const knex = await databases.init('SQLITE_3');
  // The governance store migrates the database the key store shares.
  const governance = await DatabaseGovernanceStore.create({
    database: { getClient: async () => knex },
  });
  const httpAuth = mockServices.httpAuth({
    defaultCredentials: mockCredentials.none(),
  });
  const permissions = mockServices.permissions({ result });
  const ingestKeys = new IngestKeys({
    store: new DatabaseIngestKeyStore(knex),
    permissions,
    userInfo: mockServices.userInfo({ userEntityRef: 'user:default/mock' }),
    ruleset: permissionRuleset,
  });
  const identify = createIngestIdentifier({
    httpAuth,
    ingestKeys,
    access: new AppReadAccess({
      permissions,
      catalog: catalogServiceMock(),
      ruleset: permissionRuleset,
    }),
  });
  const whoSends = Router();
  whoSends.post('/who', async (req, res) => {
    res.json(await identify(req));
  });
  const router = express.Router();
  router.use(
    createIngestKeysRouter({
      httpAuth,
      ingestKeys,
      appOf: createAppOf(httpAuth, loaderOf(APP)),
    }),
  );
  router.use(whoSends);
  return { app: appWith(router), governance };
}

const asUser = { Authorization: mockCredentials.user.header() };
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

describe('ingest-keys router', () => {
  it('shows a new key once, lists it without the key, and stops it at once when revoked', async () => {
    const { app, governance } = await ingestKeysApp(AuthorizeResult.ALLOW);
    const created = await request(app)
      .post(KEYS)
      .set(asUser)
      .send({ name: '  production  ' })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'production',
      key: expect.stringMatching(/^trk_[A-Za-z0-9_-]{43}$/),
      createdAt: expect.any(String),
    });
    const { key, id } = created.body;

    const listed = await request(app).get(KEYS).set(asUser).expect(200);
    expect(listed.body.items).toEqual([
      {
        id,
        name: 'production',
        createdAt: created.body.createdAt,
        createdBy: 'user:default/mock',
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(key);

    const who = await request(app).post('/who').set(bearer(key)).expect(200);
    expect(who.body).toEqual({ keyId: id, entityRef: APP.entityRef });

    await request(app).delete(`${KEYS}/${id}`).set(asUser).expect(204);
    const refused = await request(app)
      .post('/who')
      .set(bearer(key))
      .expect(401);
    expect(refused.body.error.message).toBe(
      'The ingest key is unknown or has been revoked',
    );
    await request(app).delete(`${KEYS}/${id}`).set(asUser).expect(404);

    const audit = await governance.listAudit({ limit: 10 });
    expect(audit.map(entry => entry.action)).toEqual([
      'ingest-key.revoked',
      'ingest-key.created',
    ]);
  });

  it('names the field a bad key name gets wrong', async () => {
    const { app } = await ingestKeysApp(AuthorizeResult.ALLOW);
    for (const name of [undefined, '', '   ', 'a'.repeat(201), 'line\nbreak']) {
      const res = await request(app)
        .post(KEYS)
        .set(asUser)
        .send({ name })
        .expect(400);
      expect(res.body.error.message).toBe(
        'name must be text of 1 to 200 characters without control characters, e.g. "production"',
      );
    }
  });

  it('creates gateway keys only when asked for one, and they speak for no one app', async () => {
    const { app } = await ingestKeysApp(AuthorizeResult.ALLOW);
    const notGateway = await request(app)
      .post('/ingest-keys')
      .set(asUser)
      .send({ name: 'collector' })
      .expect(400);
    expect(notGateway.body.error.message).toMatch(/^gateway must be true/);
    const gateway = await request(app)
      .post('/ingest-keys')
      .set(asUser)
      .send({ name: 'collector', gateway: true })
      .expect(201);
    expect(gateway.body.gateway).toBe(true);
    const who = await request(app)
      .post('/who')
      .set(bearer(gateway.body.key))
      .expect(200);
    expect(who.body).toEqual({ keyId: gateway.body.id });
  });

  it('answers 401 without a token, 401 to a made-up key, and 403 to a caller the policy denies', async () => {
    const { app, governance } = await ingestKeysApp(AuthorizeResult.DENY);
    await request(app).get(KEYS).expect(401);
    await request(app).post('/who').set(bearer('trk_made-up')).expect(401);
    const denied = await request(app)
      .post(KEYS)
      .set(asUser)
      .send({ name: 'production' })
      .expect(403);
    expect(denied.body.error.message).toBe(
      `You may not manage the ingest keys of ${APP.entityRef}: only its owners and platform stewards may`,
    );
    const gateway = await request(app)
      .post('/ingest-keys')
      .set(asUser)
      .send({ name: 'collector', gateway: true })
      .expect(403);
    expect(gateway.body.error.message).toBe(
      'You may not manage gateway keys: only platform stewards may',
    );
    // A service token without microapps.telemetry.write may not send either.
    await request(app)
      .post('/who')
      .set({ Authorization: mockCredentials.service.header() })
      .expect(403);
    expect(await governance.listAudit({ limit: 10 })).toEqual([]);
  });
});
