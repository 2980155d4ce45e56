import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  evaluateRisk,
  manifestDigest,
  type MicroAppEntity,
  parseModelCatalog,
  requiredBadges,
  RISK_SCORE_ANNOTATION,
} from '@trellis/plugin-microapps-common';
import catalogModuleUnprocessed from '@backstage/plugin-catalog-backend-module-unprocessed';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import {
  EXAMPLE_MICROAPPS_CONFIG,
  EXAMPLES_DIR,
  startTestPortal,
  waitFor,
} from './__testUtils__/startTestPortal';

jest.setTimeout(180_000);

// The example catalog read straight from the YAML files, to compute what the
// portal should answer independently of the catalog and the backend.
const microappsConfig = parseYaml(
  fs.readFileSync(EXAMPLE_MICROAPPS_CONFIG, 'utf8'),
);
const models = parseModelCatalog(microappsConfig.models);
const exampleApps: MicroAppEntity[] = fs
  .readdirSync(path.join(EXAMPLES_DIR, 'microapps'))
  .flatMap(file =>
    parseAllDocuments(
      fs.readFileSync(path.join(EXAMPLES_DIR, 'microapps', file), 'utf8'),
    ).map(doc => doc.toJS() as MicroAppEntity),
  )
  .filter(entity => entity?.kind === 'MicroApp');
const riskOf = (app: MicroAppEntity) => evaluateRisk(app.spec, { models });
const refOf = (app: MicroAppEntity) => `microapp:default/${app.metadata.name}`;
const sortedRefs = (apps: MicroAppEntity[]) => apps.map(refOf).sort();

const user = { Authorization: mockCredentials.user.header() };
const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'Trellis on the real catalog (%s)',
  databaseId => {
    let server: Awaited<ReturnType<typeof startTestPortal>>['server'];
    let stop: () => Promise<void>;

    beforeAll(async () => {
      const portal = await startTestPortal({
        database: { databases, databaseId },
        catalogFiles: [
          path.join(EXAMPLES_DIR, 'org.yaml'),
          path.join(EXAMPLES_DIR, 'connectors.yaml'),
          path.join(EXAMPLES_DIR, 'microapps/*.yaml'),
          path.join(EXAMPLES_DIR, 'templates/*/template.yaml'),
          path.join(EXAMPLES_DIR, 'invalid/invalid-microapps.yaml'),
        ],
        microapps: microappsConfig,
        extraFeatures: [catalogModuleUnprocessed],
      });
      server = portal.server;
      stop = () => portal.stop();
      await waitFor(async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-query?filter=kind=microapp&limit=1')
          .set(user);
        return res.body.totalItems === exampleApps.length ? true : undefined;
      }, `the catalog to hold all ${exampleApps.length} example MicroApps`);
    });

    afterAll(async () => {
      await stop?.();
    });

    it('has a meaningful example catalog', () => {
      const tiers = new Set(exampleApps.map(app => riskOf(app).tier));
      expect([...tiers].sort()).toEqual(['high', 'low', 'medium']);
      expect(exampleApps.length).toBeGreaterThanOrEqual(24);
    });

    describe('catalog module', () => {
      it('stamps the risk tier label so that catalog filters work', async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-query')
          .query({
            filter: 'kind=microapp,metadata.labels.trellis.dev/risk-tier=high',
            limit: 500,
          })
          .set(user);
        expect(res.status).toBe(200);
        const refs = res.body.items.map((e: MicroAppEntity) => refOf(e)).sort();
        const expected = sortedRefs(
          exampleApps.filter(app => riskOf(app).tier === 'high'),
        );
        expect(expected.length).toBeGreaterThan(0);
        expect(refs).toEqual(expected);
        for (const entity of res.body.items as MicroAppEntity[]) {
          const source = exampleApps.find(
            app => app.metadata.name === entity.metadata.name,
          )!;
          expect(entity.metadata.annotations?.[RISK_SCORE_ANNOTATION]).toBe(
            String(riskOf(source).score),
          );
        }
      });

      it('emits ownership, system, connector and template relations', async () => {
        const app = exampleApps.find(
          a => a.spec.system && a.spec.template && a.spec.connectors?.length,
        )!;
        expect(app).toBeDefined();
        const res = await request(server)
          .get(
            `/api/catalog/entities/by-name/microapp/default/${app.metadata.name}`,
          )
          .set(user);
        const relations = res.body.relations.map(
          (r: any) => `${r.type} ${r.targetRef}`,
        );
        expect(relations).toEqual(
          expect.arrayContaining([
            `ownedBy ${app.spec.owner.toLowerCase()}`,
            `partOf ${app.spec.system!.toLowerCase()}`,
            `createdFrom ${app.spec.template!.toLowerCase()}`,
            `dependsOn ${app.spec.connectors![0].name.toLowerCase()}`,
          ]),
        );
        // and the inverse on the owning group
        const owner = app.spec.owner.replace(/^group:default\//, '');
        const group = await request(server)
          .get(`/api/catalog/entities/by-name/group/default/${owner}`)
          .set(user);
        expect(group.body.relations).toContainEqual(
          expect.objectContaining({ type: 'ownerOf', targetRef: refOf(app) }),
        );
      });

      const validApp = () => structuredClone(exampleApps[0]);
      const validate = (entity: unknown) =>
        request(server).post('/api/catalog/validate-entity').set(user).send({
          location: 'url:https://git.example/microapps/catalog-info.yaml',
          entity,
        });

      it('accepts a valid manifest through validate-entity', async () => {
        expect((await validate(validApp())).status).toBe(200);
      });

      it.each([
        [
          'lifecycle: prod',
          (e: any) => (e.spec.lifecycle = 'prod'),
          'spec.lifecycle must be one of draft, sandbox, canary, production, decommissioned',
        ],
        [
          'an unknown data class',
          (e: any) => (e.spec.data.classifications = ['secret']),
          'spec.data.classifications[0] must be one of public, internal, confidential, regulated',
        ],
        ['no owner', (e: any) => delete e.spec.owner, 'spec.owner is required'],
      ])(
        'rejects a manifest with %s, naming the field',
        async (_, breakIt, message) => {
          const entity = validApp();
          breakIt(entity);
          const res = await validate(entity);
          expect(res.status).toBe(400);
          expect(JSON.stringify(res.body)).toContain(message);
        },
      );

      it('keeps the invalid example manifests out, with processing errors that name the field', async () => {
        // Entities that never processed are listed as pending or failed, with their errors.
        const unprocessed = async () => {
          const lists = await Promise.all(
            ['failed', 'pending'].map(reason =>
              request(server)
                .get(`/api/catalog/entities/unprocessed/${reason}`)
                .set(user),
            ),
          );
          return lists.flatMap(res => res.body.entities ?? []);
        };
        const invalid = await waitFor(async () => {
          const found = (await unprocessed()).filter(
            (e: any) =>
              e.unprocessed_entity?.kind === 'MicroApp' && e.errors?.length,
          );
          return found.length >= 2 ? found : undefined;
        }, 'the invalid examples to fail processing');
        const errors = JSON.stringify(invalid.map((e: any) => e.errors));
        expect(errors).toContain('spec.lifecycle must be one of');
        expect(errors).toContain('spec.data.classifications[1] must be one of');
        expect(errors).toContain('spec.owner is required');
      });
    });

    describe('GET /api/microapps/apps', () => {
      const apps = (query: Record<string, string | number>) =>
        request(server).get('/api/microapps/apps').query(query).set(user);

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

      it('searches name, title, description and tags', async () => {
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
        expect(res.body.items.map((i: any) => i.entityRef).sort()).toEqual(
          expected,
        );
        expect(res.body.totalItems).toBe(expected.length);

        const none = await apps({ q: 'no-app-is-called-this' });
        expect(none.body).toEqual({ items: [], totalItems: 0 });
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
          'sort: must be one of name, risk, cost, adoption, newest',
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
        const res = await request(server).get('/api/microapps/apps');
        expect(res.status).toBe(401);
      });
    });

    describe('GET /api/microapps/apps/:namespace/:name', () => {
      it('explains the risk, lists required badges and gates, and gives the digest', async () => {
        const app = exampleApps.find(a => riskOf(a).tier === 'high')!;
        const res = await request(server)
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
        const res = await request(server)
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
        request(server)
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
      const res = await request(server)
        .get('/api/microapps/models')
        .set({ Authorization: mockCredentials.service.header() });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual(models);
      expect((await request(server).get('/api/microapps/models')).status).toBe(
        401,
      );
      expect((await request(server).get('/api/microapps/health')).body).toEqual(
        { status: 'ok' },
      );
    });
  },
);
