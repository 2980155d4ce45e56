/*
 * The microapps plugin's routes on the real catalog: the marketplace list
 * with its filters, sorting and paging, an app's page, the what-if risk
 * evaluation, the model catalog and health.
 */
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  LIFECYCLE_STAGES,
  evaluateRisk,
  manifestDigest,
  requiredBadges,
} from '@trellis/plugin-microapps-common';
import request from 'supertest';
import {
  exampleApps,
  models,
  refOf,
  riskOf,
  sortedRefs,
  useExampleCatalogPortal,
  user,
} from './__testUtils__/exampleCatalogPortal';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'Trellis on the real catalog (%s)',
  databaseId => {
    const portal = useExampleCatalogPortal(databases, databaseId);

    describe('GET /api/microapps/apps', () => {
      // Every stage unless the test names some: drafts and decommissioned apps are hidden by default.
      const apps = (query: Record<string, string | number>) =>
        request(portal.server)
          .get('/api/microapps/apps')
          .query({ lifecycle: LIFECYCLE_STAGES.join(','), ...query })
          .set(user);

      it('lists every example app with tier and score', async () => {
        const res = await apps({ limit: 500 });
        expect(res.status).toBe(200);
        expect(res.body.totalItems).toBe(exampleApps.length);
        const first = exampleApps[0];
        const item = res.body.items.find(
          (i: any) => i.entityRef === refOf(first),
        );
        expect(item).toMatchObject({
          name: first.metadata.name,
          lifecycle: first.spec.lifecycle,
          tier: riskOf(first).tier,
          score: riskOf(first).score,
          cost30dUsd: 0,
        });
      });

      it('filters by tier and lifecycle with the right totalItems', async () => {
        const expected = sortedRefs(
          exampleApps.filter(
            app =>
              riskOf(app).tier === 'high' &&
              app.spec.lifecycle === 'production',
          ),
        );
        expect(expected.length).toBeGreaterThan(0);
        const res = await apps({ tier: 'high', lifecycle: 'production' });
        expect(res.status).toBe(200);
        expect(res.body.totalItems).toBe(expected.length);
        expect(res.body.items.map((i: any) => i.entityRef).sort()).toEqual(
          expected,
        );
      });

      it('matches any of several values of one filter', async () => {
        const expected = exampleApps.filter(app =>
          ['low', 'medium'].includes(riskOf(app).tier),
        );
        const res = await apps({ tier: 'low,medium', limit: 500 });
        expect(res.body.totalItems).toBe(expected.length);
      });

      it('finds every app whose name, title, description or tags hold a word', async () => {
        const tagged = exampleApps.find(app => app.metadata.tags?.length)!;
        const term = tagged.metadata.tags![0];
        const expected = sortedRefs(
          exampleApps.filter(app =>
            [
              app.metadata.name,
              app.metadata.title,
              app.metadata.description,
              ...(app.metadata.tags ?? []),
            ]
              .join('\n')
              .toLowerCase()
              .includes(term.toLowerCase()),
          ),
        );
        const res = await apps({ q: term.toUpperCase(), limit: 500 });
        // Ranked search also finds other forms of the word and near misses.
        expect(res.body.items.map((i: any) => i.entityRef)).toEqual(
          expect.arrayContaining(expected),
        );

        const none = await apps({ q: 'qwxz zzyzx' });
        expect(none.body).toMatchObject({ items: [], totalItems: 0 });
      });

      it('filters by owner, model, data class and type', async () => {
        const sample = exampleApps[0];
        const owner = sample.spec.owner;
        const byOwner = await apps({
          owner: owner.replace(/^group:default\//, ''),
          limit: 500,
        });
        expect(byOwner.body.items.map((i: any) => i.entityRef).sort()).toEqual(
          sortedRefs(exampleApps.filter(app => app.spec.owner === owner)),
        );
        const model = sample.spec.models[0];
        const byModel = await apps({ model, limit: 500 });
        expect(byModel.body.totalItems).toBe(
          exampleApps.filter(app => app.spec.models.includes(model)).length,
        );
        const byClass = await apps({ dataClass: 'regulated', limit: 500 });
        expect(byClass.body.totalItems).toBe(
          exampleApps.filter(app =>
            app.spec.data.classifications.includes('regulated'),
          ).length,
        );
        const byType = await apps({ type: 'summarizer', limit: 500 });
        expect(byType.body.totalItems).toBe(
          exampleApps.filter(app => app.spec.type === 'summarizer').length,
        );
      });

      it('sorts by risk and pages through the results', async () => {
        const all = await apps({ sort: 'risk', limit: 500 });
        const scores = all.body.items.map((i: any) => i.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        const page = await apps({ sort: 'risk', limit: 5, offset: 5 });
        expect(page.body.items).toEqual(all.body.items.slice(5, 10));
        expect(page.body.totalItems).toBe(exampleApps.length);
        const ascending = await apps({
          sort: 'risk',
          order: 'asc',
          limit: 500,
        });
        expect(ascending.body.items[0].score).toBe(Math.min(...scores));
      });

      it.each([
        [
          { tier: 'extreme' },
          'tier[0]: must be one of low, medium, high (got "extreme")',
        ],
        [
          { sort: 'popularity' },
          'sort: must be one of relevance, name, risk, cost, adoption, newest',
        ],
        [{ limit: 0 }, 'limit: must be a whole number from 1 to 500'],
        [{ offset: 'ten' }, 'offset: must be a whole number from 0 to 1000000'],
      ])(
        'rejects %j with a 400 that names the parameter',
        async (query, message) => {
          const res = await apps(query as any);
          expect(res.status).toBe(400);
          expect(res.body.error.message).toContain(message);
        },
      );

      it('refuses anonymous callers', async () => {
        const res = await request(portal.server).get('/api/microapps/apps');
        expect(res.status).toBe(401);
      });
    });

    describe('GET /api/microapps/apps/:namespace/:name', () => {
      it('explains the risk, lists required badges and gates, and gives the digest', async () => {
        const app = exampleApps.find(a => riskOf(a).tier === 'high')!;
        const res = await request(portal.server)
          .get(`/api/microapps/apps/default/${app.metadata.name}`)
          .set(user);
        expect(res.status).toBe(200);
        expect(res.body.digest).toBe(manifestDigest(app.spec));
        expect(res.body.risk).toEqual(riskOf(app));
        expect(res.body.requiredBadges.production).toEqual(
          requiredBadges('high', 'production'),
        );
        expect(res.body.gates.production).toMatchObject({
          stage: 'production',
          allowed: false,
          missing: requiredBadges('high', 'production'),
        });
        expect(res.body.gates.production.reasons[0]).toContain(
          'a high-tier app needs it before production',
        );
      });

      it('answers 404 for an unknown app', async () => {
        const res = await request(portal.server)
          .get('/api/microapps/apps/default/no-such-app')
          .set(user);
        expect(res.status).toBe(404);
        expect(res.body.error.message).toBe(
          'No MicroApp named default/no-such-app',
        );
      });
    });

    describe('POST /api/microapps/risk/evaluate', () => {
      const evaluate = (body: unknown) =>
        request(portal.server)
          .post('/api/microapps/risk/evaluate')
          .set(user)
          .send(body as object);

      it('scores a what-if spec', async () => {
        const spec = { ...exampleApps[0].spec, reach: 'external' as const };
        const res = await evaluate({ spec });
        expect(res.status).toBe(200);
        expect(res.body).toEqual(evaluateRisk(spec, { models }));
      });

      it.each([
        [{}, 'spec: is required'],
        [
          { spec: { ...exampleApps[0].spec, reach: 'galaxy' } },
          'spec.reach: must be one of single-user, team, org-wide, external',
        ],
        [
          { spec: { ...exampleApps[0].spec, models: 'gpt' } },
          'spec.models: must be array (got string)',
        ],
      ])('rejects %j naming the field', async (body, message) => {
        const res = await evaluate(body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(message);
      });

      it('refuses a body over the size limit', async () => {
        const res = await evaluate({
          spec: { ...exampleApps[0].spec, padding: 'x'.repeat(300_000) },
        });
        expect(res.status).toBe(413);
      });
    });

    it('serves the model catalog to users and services, and health to anyone', async () => {
      const res = await request(portal.server)
        .get('/api/microapps/models')
        .set({ Authorization: mockCredentials.service.header() });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual(models);
      expect(
        (await request(portal.server).get('/api/microapps/models')).status,
      ).toBe(401);
      expect(
        (await request(portal.server).get('/api/microapps/health')).body,
      ).toEqual({ status: 'ok' });
    });
  },
);
