import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { DatabaseGovernanceStore } from '../governance/DatabaseGovernanceStore';
import { appendAuditEntry } from './auditChain';
import { AuditLog } from './AuditLog';
import { createAuditRouter } from './auditRouter';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** The audit router alone, on a real store, behind Backstage's error handler. */
async function auditApp(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  entries: number,
) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseGovernanceStore.create({
    database: { getClient: async () => knex },
  });
  // One transaction for the whole chain: the scene is set in well under a second.
  await knex.transaction(async tx => {
    for (let i = 1; i <= entries; i++) {
      await appendAuditEntry(tx, {
        occurredAt: new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString(),
        actor: 'user:default/nora-security',
        action: 'badge.granted',
        entityRef: `microapp:default/app-${i % 7}`,
        comment: `entry ${i}`,
      });
    }
  });
  const app = express();
  app.use(
    createAuditRouter({
      // Without a token a request carries no credentials, as in a portal.
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
      auditLog: new AuditLog({
        store,
        permissions: mockServices.permissions({ result }),
      }),
    }),
  );
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return app;
}

const asUser = { Authorization: mockCredentials.user.header() };

describe('audit router', () => {
  it('answers 401 without a token and 403 to a caller without microapps.audit.read', async () => {
    const allowed = await auditApp(AuthorizeResult.ALLOW, 1);
    await request(allowed).get('/audit').expect(401);
    await request(allowed).get('/audit/export').expect(401);

    const denied = await auditApp(AuthorizeResult.DENY, 1);
    const res = await request(denied).get('/audit').set(asUser).expect(403);
    expect(res.body.error.message).toBe(
      'You may not read the MicroApp audit log',
    );
    // Refused before any line of the export is written.
    const exported = await request(denied)
      .get('/audit/export')
      .set(asUser)
      .expect(403);
    expect(exported.headers['content-type']).toMatch(/json/);
  });

  it('pages newest first and names a bad paging parameter', async () => {
    const app = await auditApp(AuthorizeResult.ALLOW, 5);
    const page = await request(app)
      .get('/audit?limit=2')
      .set(asUser)
      .expect(200);
    expect(page.body.items.map((e: { id: number }) => e.id)).toEqual([5, 4]);
    const next = await request(app)
      .get('/audit?limit=2&beforeId=4')
      .set(asUser)
      .expect(200);
    expect(next.body.items.map((e: { id: number }) => e.id)).toEqual([3, 2]);

    const bad = await request(app)
      .get('/audit?limit=0')
      .set(asUser)
      .expect(400);
    expect(bad.body.error.message).toContain('limit');
  });

  it('exports every entry once, oldest first, across batches, and the chain verifies', async () => {
    const app = await auditApp(AuthorizeResult.ALLOW, 2_345);
    const res = await request(app).get('/audit/export').set(asUser).expect(200);
    expect(res.headers['content-disposition']).toContain(
      'microapps-audit.jsonl',
    );
    const ids = res.text
      .trim()
      .split('\n')
      .map(line => JSON.parse(line).id);
    expect(ids).toEqual(Array.from({ length: 2_345 }, (_, i) => i + 1));

    const verified = await request(app)
      .get('/audit/verify')
      .set(asUser)
      .expect(200);
    expect(verified.body).toMatchObject({ valid: true, entries: 2_345 });
  }, 30_000);
});
