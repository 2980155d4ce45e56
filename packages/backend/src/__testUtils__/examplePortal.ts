/*
 * The example portal's own parts for this package's end-to-end tests: the
 * real auth, httpAuth, permission, scheduler and catalog backends, the example
 * steward policy, development sign-in, the MicroApp catalog module and the
 * microapps plugin, on one of the databases TestDatabases reaches.
 */
import {
  type BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import {
  mockServices,
  startTestBackend,
  type TestBackend,
  type TestDatabaseId,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import microAppsPolicyModule from '@trellis/plugin-permission-backend-module-microapps';
import type { JsonObject } from '@backstage/types';
import catalogModuleMicroApps from '@trellis/plugin-catalog-backend-module-microapps';
import microAppsPlugin from '@trellis/plugin-microapps-backend';
import {
  type MicroAppEntity,
  parseModelCatalog,
} from '@trellis/plugin-microapps-common';
import fs from 'fs';
import type { Knex } from 'knex';
import path from 'path';
import request from 'supertest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { devUsersAuthModule } from '../devSignIn/devUsersAuthModule';

export const repositoryRoot = path.resolve(__dirname, '../../../..');
export const examples = path.join(repositoryRoot, 'examples');
export const microappsConfig = parseYaml(
  fs.readFileSync(path.join(examples, 'microapps-config.yaml'), 'utf8'),
);
export const models = parseModelCatalog(microappsConfig.models);
/** Every MicroApp of the example catalog (examples/microapps). */
export const exampleApps: MicroAppEntity[] = fs
  .readdirSync(path.join(examples, 'microapps'))
  .flatMap(file =>
    parseAllDocuments(
      fs.readFileSync(path.join(examples, 'microapps', file), 'utf8'),
    ).map(d => d.toJS() as MicroAppEntity),
  );
/** The example organisation, the connectors and the example MicroApps. */
export const EXAMPLE_CATALOG_FILES = [
  path.join(examples, 'org.yaml'),
  path.join(examples, 'connectors.yaml'),
  path.join(examples, 'microapps/*.yaml'),
];

export interface ExamplePortalOptions {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  catalogFiles: string[];
  /** Static external-access tokens, as pipelines and micro-apps hold them. */
  staticTokens?: Array<{
    token: string;
    subject: string;
    accessRestrictions?: JsonObject[];
  }>;
  /** `microapps` configuration over the example one (whose marketplace refreshes every second here). */
  microapps?: JsonObject;
  /** More plugins and modules. */
  features?: BackendFeature[];
  /** Called with each plugin's database client. */
  onDatabase?: (pluginId: string, knex: Knex) => void;
}

export async function startExamplePortal(
  options: ExamplePortalOptions,
): Promise<TestBackend> {
  const databasePerPlugin = createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    async factory({ plugin }) {
      const knex = await options.databases.init(options.databaseId);
      options.onDatabase?.(plugin.getId(), knex);
      return { getClient: async () => knex };
    },
  });
  return startTestBackend({
    features: [
      databasePerPlugin,
      authServiceFactory,
      httpAuthServiceFactory,
      userInfoServiceFactory,
      permissionsServiceFactory,
      // The real scheduler, so that the marketplace index refreshes as it does in a portal.
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: {
            baseUrl: 'http://localhost:7007',
            auth: {
              externalAccess: (options.staticTokens ?? []).map(
                ({ accessRestrictions, ...token }) => ({
                  type: 'static',
                  options: token,
                  ...(accessRestrictions ? { accessRestrictions } : {}),
                }),
              ),
            },
          },
          auth: { environment: 'development', providers: { 'dev-users': {} } },
          permission: { enabled: true },
          catalog: {
            rules: [
              { allow: ['MicroApp', 'Group', 'User', 'Resource', 'System'] },
            ],
            locations: options.catalogFiles.map(target => ({
              type: 'file',
              target,
            })),
          },
          microapps: {
            ...microappsConfig,
            marketplace: { refreshIntervalSeconds: 1 },
            // Every response the tests see must be one the OpenAPI document describes.
            api: { validateResponses: true },
            ...options.microapps,
          },
        },
      }),
      authPlugin,
      devUsersAuthModule,
      permissionPlugin,
      microAppsPolicyModule,
      catalogPlugin,
      catalogModuleMicroApps,
      microAppsPlugin,
      ...(options.features ?? []),
    ],
  });
}

/** Signs each example user in, as the sign-in page does; answers their Backstage tokens. */
export async function signIn<User extends string>(
  server: TestBackend['server'],
  users: readonly User[],
): Promise<Map<User, string>> {
  const tokens = new Map<User, string>();
  for (const user of users) {
    let res;
    // The auth backend answers once the catalog has the user.
    for (let i = 0; i < 240; i++) {
      res = await request(server)
        .get('/api/auth/dev-users/refresh?env=development')
        .set('x-dev-user', user);
      if (res.status === 200) break;
      await new Promise(r => setTimeout(r, 250));
    }
    if (res?.status !== 200)
      throw new Error(`Development sign-in as ${user} failed: ${res?.status}`);
    tokens.set(user, res.body.backstageIdentity.token);
  }
  return tokens;
}

/** Requests to the portal as a signed-in user, with the token `signIn` gave them. */
export function requestsAs<User extends string>(
  server: TestBackend['server'],
  tokens: ReadonlyMap<User, string>,
) {
  return (user: User) => {
    const auth = { Authorization: `Bearer ${tokens.get(user)}` };
    return {
      get: (url: string) => request(server).get(url).set(auth),
      post: (url: string, body?: object) =>
        request(server).post(url).set(auth).send(body),
      delete: (url: string) => request(server).delete(url).set(auth),
    };
  };
}

/** Posts an OTLP/JSON body to the receiver with an ingest key (or any bearer token). */
export function sendTraces(
  server: TestBackend['server'],
  key: string,
  body: object,
) {
  return request(server)
    .post('/api/microapps/v1/traces')
    .set('Authorization', `Bearer ${key}`)
    .send(body);
}
