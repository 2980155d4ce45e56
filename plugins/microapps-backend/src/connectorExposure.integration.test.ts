/*
 * A connector's exposure end to end: a MicroApp that declares a connector
 * `internal` while the connector's Resource is annotated
 * `trellis.dev/connector-exposure: third-party` gets a processing error naming
 * the field, and the microapps API never scores it lower than the truth.
 */
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import catalogModuleUnprocessed from '@backstage/plugin-catalog-backend-module-unprocessed';
import {
  evaluateRisk,
  type MicroAppEntity,
  parseModelCatalog,
  requiredBadges,
  RISK_SCORE_ANNOTATION,
  RISK_TIER_LABEL,
} from '@trellis/plugin-microapps-common';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  EXAMPLE_MICROAPPS_CONFIG,
  EXAMPLES_DIR,
  startTestPortal,
  waitFor,
} from './__testUtils__/startTestPortal';

jest.setTimeout(180_000);

const microappsConfig = parseYaml(
  fs.readFileSync(EXAMPLE_MICROAPPS_CONFIG, 'utf8'),
);
const models = parseModelCatalog(microappsConfig.models);
const user = { Authorization: mockCredentials.user.header() };

const connectorResource = (exposure: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'drift-vendor',
    annotations: { 'trellis.dev/connector-exposure': exposure },
  },
  spec: { type: 'connector', owner: 'group:default/platform-stewards' },
});

/** team reach 10 + an internal read connector 8 = 18 (low); third-party: 25 (medium). */
const microApp = (name: string, connector: string): MicroAppEntity => ({
  apiVersion: 'trellis.dev/v1alpha1',
  kind: 'MicroApp',
  metadata: { name, title: name },
  spec: {
    type: 'assistant',
    lifecycle: 'sandbox',
    owner: 'group:default/customer-support',
    version: '1.0.0',
    costCenter: 'CC-4200-SUP',
    reach: 'team',
    data: { classifications: ['public'], pii: 'none' },
    connectors: [{ name: connector, exposure: 'internal', access: 'read' }],
    models: ['azure-gpt-4.1-mini'],
    dependencies: { risk: 'minimal', sbom: 'https://sbom.example.com/a.json' },
  },
});

// salesforce is third-party in examples/connectors.yaml; drift-vendor starts internal.
const misdeclared = microApp(
  'misdeclared-crm-bot',
  'resource:default/salesforce',
);
const drifting = microApp(
  'drifting-vendor-bot',
  'resource:default/drift-vendor',
);

const asDeclared = (app: MicroAppEntity) => evaluateRisk(app.spec, { models });
const truthful = (app: MicroAppEntity) =>
  evaluateRisk(
    {
      ...app.spec,
      connectors: app.spec.connectors!.map(c => ({
        ...c,
        exposure: 'third-party' as const,
      })),
    },
    { models },
  );

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'Connector exposure checked against the catalog (%s)',
  databaseId => {
    let server: Awaited<ReturnType<typeof startTestPortal>>['server'];
    let stop: () => Promise<void>;
    let dir: string;
    let connectorsFile: string;
    let appsFile: string;

    const catalogEntity = (kind: string, name: string) =>
      request(server)
        .get(`/api/catalog/entities/by-name/${kind}/default/${name}`)
        .set(user);
    const refresh = (entityRef: string) =>
      request(server)
        .post('/api/catalog/refresh')
        .set(user)
        .send({ entityRef })
        .expect(200);
    /** The processing errors of an entity that was never stored (listed as pending or failed). */
    const unprocessedErrors = async (name: string) => {
      const lists = await Promise.all(
        ['failed', 'pending'].map(reason =>
          request(server)
            .get(`/api/catalog/entities/unprocessed/${reason}`)
            .set(user),
        ),
      );
      const found = lists
        .flatMap(res => res.body.entities ?? [])
        .find(
          (e: any) =>
            e.unprocessed_entity?.kind === 'MicroApp' &&
            e.unprocessed_entity?.metadata?.name === name &&
            e.errors?.length,
        );
      return found ? JSON.stringify(found.errors) : undefined;
    };

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-exposure-'));
      connectorsFile = path.join(dir, 'drift-connector.yaml');
      appsFile = path.join(dir, 'apps.yaml');
      fs.writeFileSync(
        connectorsFile,
        stringifyYaml(connectorResource('internal')),
      );
      // The apps come once the connectors are in the catalog (below).
      fs.writeFileSync(appsFile, '# written by the test\n');

      const portal = await startTestPortal({
        database: { databases, databaseId },
        catalogFiles: [
          path.join(EXAMPLES_DIR, 'org.yaml'),
          path.join(EXAMPLES_DIR, 'connectors.yaml'),
          connectorsFile,
          appsFile,
        ],
        microapps: microappsConfig,
        extraFeatures: [catalogModuleUnprocessed],
      });
      server = portal.server;
      stop = () => portal.stop();

      for (const name of ['salesforce', 'drift-vendor']) {
        await waitFor(
          async () =>
            (await catalogEntity('resource', name)).status === 200
              ? true
              : undefined,
          `the ${name} Resource`,
        );
      }
      fs.writeFileSync(
        appsFile,
        [misdeclared, drifting].map(app => stringifyYaml(app)).join('---\n'),
      );
      const locations = await request(server)
        .get('/api/catalog/entities/by-query')
        .query({ filter: `kind=location,spec.target=${appsFile}` })
        .set(user);
      const [location] = locations.body.items;
      await refresh(`location:default/${location.metadata.name}`);
      await waitFor(
        async () =>
          (await catalogEntity('microapp', drifting.metadata.name)).status ===
          200
            ? true
            : undefined,
        'the drifting app in the catalog',
      );
    });

    afterAll(async () => {
      await stop?.();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('the misdeclaration lowers the declared score (the test is meaningful)', () => {
      expect(asDeclared(misdeclared)).toMatchObject({ score: 18, tier: 'low' });
      expect(truthful(misdeclared)).toMatchObject({
        score: 25,
        tier: 'medium',
      });
    });

    it('refuses a new app that declares a third-party connector internal, naming the field', async () => {
      const errors = await waitFor(
        () => unprocessedErrors(misdeclared.metadata.name),
        'the misdeclared app to fail processing',
      );
      expect(errors).toContain(
        "spec.connectors[0].exposure is internal, but the catalog's resource:default/salesforce is third-party",
      );
      // Never processed, so neither the catalog nor the microapps API serves it at a lower score.
      expect(
        (await catalogEntity('microapp', misdeclared.metadata.name)).status,
      ).toBe(404);
      const detail = await request(server)
        .get(`/api/microapps/apps/default/${misdeclared.metadata.name}`)
        .set(user);
      expect(detail.status).toBe(404);

      // validate-entity says the same before anything is registered.
      const validated = await request(server)
        .post('/api/catalog/validate-entity')
        .set(user)
        .send({
          location: 'url:https://git.example/crm-bot/catalog-info.yaml',
          entity: misdeclared,
        });
      expect(validated.status).toBe(400);
      expect(JSON.stringify(validated.body)).toContain(
        'spec.connectors[0].exposure is internal',
      );
    });

    it('scores a served app on the catalog exposure once its connector turns third-party', async () => {
      const before = await catalogEntity('microapp', drifting.metadata.name);
      expect(before.body.metadata.labels[RISK_TIER_LABEL]).toBe('low');

      // The connector's owner re-annotates it; the app is processed again.
      fs.writeFileSync(
        connectorsFile,
        stringifyYaml(connectorResource('third-party')),
      );
      await refresh('resource:default/drift-vendor');
      await waitFor(async () => {
        const res = await catalogEntity('resource', 'drift-vendor');
        return res.body.metadata?.annotations?.[
          'trellis.dev/connector-exposure'
        ] === 'third-party'
          ? true
          : undefined;
      }, 'drift-vendor to be third-party');
      // The catalog keeps serving the entity as last processed, with the
      // processing error in its status.
      const served = await waitFor(
        async () => {
          await refresh(`microapp:default/${drifting.metadata.name}`);
          await new Promise(resolve => setTimeout(resolve, 750));
          const res = await catalogEntity('microapp', drifting.metadata.name);
          return res.body.status?.items?.length ? res.body : undefined;
        },
        'the drifting app to fail processing',
        60_000,
      );
      expect(served.status.items).toEqual([
        expect.objectContaining({
          type: 'backstage.io/catalog-processing',
          level: 'error',
          message: expect.stringContaining(
            "spec.connectors[0].exposure is internal, but the catalog's resource:default/drift-vendor is third-party",
          ),
        }),
      ]);
      expect(served.metadata.labels[RISK_TIER_LABEL]).toBe('low');
      expect(served.metadata.annotations[RISK_SCORE_ANNOTATION]).toBe('18');

      // The microapps API scores it with the catalog's exposure all the same.
      const risk = truthful(drifting);
      const list = await request(server)
        .get('/api/microapps/apps')
        .query({
          limit: 500,
          lifecycle: 'draft,sandbox,canary,production,decommissioned',
        })
        .set(user);
      expect(list.status).toBe(200);
      const item = list.body.items.find(
        (i: any) =>
          i.entityRef === `microapp:default/${drifting.metadata.name}`,
      );
      expect(item).toMatchObject({ score: risk.score, tier: risk.tier });
      expect(item).toMatchObject({ score: 25, tier: 'medium' });

      const detail = await request(server)
        .get(`/api/microapps/apps/default/${drifting.metadata.name}`)
        .set(user);
      expect(detail.status).toBe(200);
      expect(detail.body.risk).toMatchObject({
        score: risk.score,
        tier: risk.tier,
      });
      expect(
        detail.body.risk.factors.find(
          (f: any) => f.factor === 'integrationExposure',
        ).reason,
      ).toContain(
        'resource:default/drift-vendor is third-party in the catalog although the manifest declares internal',
      );
      expect(detail.body.requiredBadges.canary).toEqual(
        requiredBadges('medium', 'canary'),
      );
    });
  },
);
