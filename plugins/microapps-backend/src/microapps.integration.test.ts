/*
 * The MicroApp catalog module on the real catalog: risk labels and
 * annotations, relations, and manifests validated and refused naming the
 * field.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  type MicroAppEntity,
  RISK_SCORE_ANNOTATION,
} from '@trellis/plugin-microapps-common';
import request from 'supertest';
import {
  exampleApps,
  refOf,
  riskOf,
  sortedRefs,
  useExampleCatalogPortal,
  user,
} from './__testUtils__/exampleCatalogPortal';
import { waitFor } from './__testUtils__/startTestPortal';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'Trellis on the real catalog (%s)',
  databaseId => {
    const portal = useExampleCatalogPortal(databases, databaseId);

    it('has a meaningful example catalog', () => {
      const tiers = new Set(exampleApps.map(app => riskOf(app).tier));
      expect([...tiers].sort()).toEqual(['high', 'low', 'medium']);
      expect(exampleApps.length).toBeGreaterThanOrEqual(24);
    });

    describe('catalog module', () => {
      it('stamps the risk tier label so that catalog filters work', async () => {
        const res = await request(portal.server)
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
        const res = await request(portal.server)
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
        const group = await request(portal.server)
          .get(`/api/catalog/entities/by-name/group/default/${owner}`)
          .set(user);
        expect(group.body.relations).toContainEqual(
          expect.objectContaining({ type: 'ownerOf', targetRef: refOf(app) }),
        );
      });

      const validApp = () => structuredClone(exampleApps[0]);
      const validate = (entity: unknown) =>
        request(portal.server)
          .post('/api/catalog/validate-entity')
          .set(user)
          .send({
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
              request(portal.server)
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
  },
);
