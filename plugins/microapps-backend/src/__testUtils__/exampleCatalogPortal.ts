/*
 * The example catalog read straight from the YAML files, to compute what the
 * portal should answer independently of the catalog and the backend; and the
 * portal itself: the real catalog holding the example org, connectors, apps,
 * templates and invalid manifests, with the microapps plugin.
 */
import catalogModuleUnprocessed from '@backstage/plugin-catalog-backend-module-unprocessed';
import {
  mockCredentials,
  type TestDatabaseId,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import {
  evaluateRisk,
  type MicroAppEntity,
  parseModelCatalog,
} from '@trellis/plugin-microapps-common';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import {
  EXAMPLE_MICROAPPS_CONFIG,
  EXAMPLES_DIR,
  startTestPortal,
  waitFor,
} from './startTestPortal';

export const microappsConfig = parseYaml(
  fs.readFileSync(EXAMPLE_MICROAPPS_CONFIG, 'utf8'),
);
export const models = parseModelCatalog(microappsConfig.models);
export const exampleApps: MicroAppEntity[] = fs
  .readdirSync(path.join(EXAMPLES_DIR, 'microapps'))
  .flatMap(file =>
    parseAllDocuments(
      fs.readFileSync(path.join(EXAMPLES_DIR, 'microapps', file), 'utf8'),
    ).map(doc => doc.toJS() as MicroAppEntity),
  )
  .filter(entity => entity?.kind === 'MicroApp');
export const riskOf = (app: MicroAppEntity) =>
  evaluateRisk(app.spec, { models });
export const refOf = (app: MicroAppEntity) =>
  `microapp:default/${app.metadata.name}`;
export const sortedRefs = (apps: MicroAppEntity[]) => apps.map(refOf).sort();

export const user = { Authorization: mockCredentials.user.header() };

type Server = Awaited<ReturnType<typeof startTestPortal>>['server'];

/**
 * Starts the portal before the enclosing `describe` block's tests, once the
 * catalog holds every example app, and stops it after them, on the given
 * database.
 */
export function useExampleCatalogPortal(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): { readonly server: Server } {
  let server: Server | undefined;
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
      const res = await request(portal.server)
        .get('/api/catalog/entities/by-query?filter=kind=microapp&limit=1')
        .set(user);
      return res.body.totalItems === exampleApps.length ? true : undefined;
    }, `the catalog to hold all ${exampleApps.length} example MicroApps`);
  });

  afterAll(async () => {
    await stop?.();
  });

  return {
    get server() {
      if (!server) throw new Error('The portal has not started');
      return server;
    },
  };
}
