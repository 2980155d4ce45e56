/* Reading incidents: the list, an app's incidents, one incident. */
import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  as,
  FINANCE_APP,
  incidentsRouterOn,
  SUPPORT_APP,
} from './__testUtils__/incidentsRouterKit';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'incidents router (%s)',
  databaseId => {
    let kit: Awaited<ReturnType<typeof incidentsRouterOn>>;
    let server: typeof kit.server;
    let financeIncident: number;
    let supportIncident: number;

    beforeEach(async () => {
      kit = await incidentsRouterOn(await databases.init(databaseId));
      ({ server, financeIncident, supportIncident } = kit);
    });

    it('lists to each caller only the incidents of apps they may read incidents of', async () => {
      const steward = await request(server)
        .get('/incidents')
        .set(as('nora'))
        .expect(200);
      expect(steward.body.totalItems).toBe(2);
      // Newest updated first.
      expect(steward.body.items.map((i: any) => i.id)).toEqual([
        supportIncident,
        financeIncident,
      ]);

      const owner = await request(server)
        .get('/incidents?state=open')
        .set(as('alice'))
        .expect(200);
      expect(owner.body).toEqual({
        items: [expect.objectContaining({ id: financeIncident })],
        totalItems: 1,
      });

      const stranger = await request(server)
        .get('/incidents')
        .set(as('uma'))
        .expect(200);
      expect(stranger.body).toEqual({ items: [], totalItems: 0 });

      await request(server).get('/incidents').set(as('blocked')).expect(403);
      await request(server).get('/incidents').expect(401);
    });

    it('filters and pages the list, and names a bad parameter', async () => {
      const page = await request(server)
        .get(
          `/incidents?entityRef=${encodeURIComponent(
            SUPPORT_APP.entityRef.toUpperCase(),
          )}&limit=1`,
        )
        .set(as('nora'))
        .expect(200);
      expect(page.body.items.map((i: any) => i.id)).toEqual([supportIncident]);
      const closed = await request(server)
        .get('/incidents?state=closed')
        .set(as('nora'))
        .expect(200);
      expect(closed.body.totalItems).toBe(0);
      const bad = await request(server)
        .get('/incidents?state=gone&limit=500')
        .set(as('nora'))
        .expect(400);
      expect(bad.body.error.message).toContain(
        'state: must be one of open, mitigated, closed',
      );
      expect(bad.body.error.message).toContain(
        'limit: must be a whole number from 1 to 100',
      );
    });

    it("lists an app's incidents to its owners and stewards", async () => {
      const path = '/apps/default/invoice-field-extractor/incidents';
      const owner = await request(server)
        .get(path)
        .set(as('alice'))
        .expect(200);
      expect(owner.body.items).toEqual([
        expect.objectContaining({
          id: financeIncident,
          entityRef: FINANCE_APP.entityRef.toLocaleLowerCase('en-US'),
          state: 'open',
          severity: 'high',
          policyIds: ['pii-leak'],
        }),
      ]);
      const refused = await request(server)
        .get(path)
        .set(as('uma'))
        .expect(403);
      expect(refused.body.error.message).toContain('read the incidents of');
      await request(server)
        .get('/apps/default/no-such-app/incidents')
        .set(as('nora'))
        .expect(404);
    });

    it('shows an incident with its events, and answers 400 and 404 for bad and unknown ids', async () => {
      const detail = await request(server)
        .get(`/incidents/${financeIncident}`)
        .set(as('alice'))
        .expect(200);
      expect(detail.body.events).toEqual([
        expect.objectContaining({
          kind: 'firing',
          actor: 'policy:pii-leak',
          policyId: 'pii-leak',
          firingId: 1,
          traceIds: ['a1'.repeat(16)],
          actions: ['Kill switch engaged'],
        }),
      ]);
      await request(server)
        .get(`/incidents/${supportIncident}`)
        .set(as('alice'))
        .expect(403);
      const unknown = await request(server)
        .get('/incidents/999999')
        .set(as('nora'))
        .expect(404);
      expect(unknown.body.error.message).toBe('No incident 999999');
      for (const bad of ['0', '-1', 'abc', '1.5', '99999999999']) {
        const res = await request(server)
          .get(`/incidents/${bad}`)
          .set(as('nora'))
          .expect(400);
        expect(res.body.error.message).toContain(
          'id: must be a positive whole number',
        );
      }
    });
  },
);
