/*
 * The portal of the behaviour tests (../__behaviour__/): startTestPortal with
 * the real auth, httpAuth, permission, user-info and scheduler services, the
 * auth backend with test sign-in, the permission backend with the steward
 * policy module, the catalog with the MicroApp module and the microapps
 * plugin, on one of the databases TestDatabases reaches; and the example
 * users signed in, with real tokens carrying their group membership.
 */
import type {
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import path from 'path';
import request from 'supertest';
import { microappsConfig } from './exampleCatalogPortal';
import {
  EXAMPLES_DIR,
  startTestPortal,
  type TestPortalOptions,
  type TestPortalServer,
} from './startTestPortal';
import { TEST_SIGN_IN_PROVIDER, TEST_USER_HEADER } from './testSignInModule';

/** The example organisation, the connectors and the example MicroApps. */
export const EXAMPLE_CATALOG_FILES = [
  path.join(EXAMPLES_DIR, 'org.yaml'),
  path.join(EXAMPLES_DIR, 'connectors.yaml'),
  path.join(EXAMPLES_DIR, 'microapps/*.yaml'),
];

export interface SignedInPortalOptions {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  catalogFiles: string[];
  /** Static external-access tokens, as pipelines and micro-apps hold them. */
  staticTokens?: NonNullable<TestPortalOptions['realServices']>['staticTokens'];
  /** `microapps` configuration over the example one (whose marketplace refreshes every second here). */
  microapps?: JsonObject;
  /** More plugins and modules. */
  features?: TestPortalOptions['extraFeatures'];
  /** Called with each plugin's database client. */
  onDatabase?: (pluginId: string, knex: Knex) => void;
}

export function startSignedInPortal(options: SignedInPortalOptions) {
  return startTestPortal({
    database: { databases: options.databases, databaseId: options.databaseId },
    catalogFiles: options.catalogFiles,
    realServices: { staticTokens: options.staticTokens ?? [] },
    stewardPolicy: true,
    microapps: {
      ...microappsConfig,
      marketplace: { refreshIntervalSeconds: 1 },
      ...options.microapps,
    },
    extraFeatures: options.features,
    onDatabase: options.onDatabase,
  });
}

/** Signs each catalog user in, as a sign-in page does; answers their Backstage tokens. */
export async function signIn<User extends string>(
  server: TestPortalServer,
  users: readonly User[],
): Promise<Map<User, string>> {
  const tokens = new Map<User, string>();
  for (const user of users) {
    let res;
    // The auth backend answers once the catalog has the user.
    for (let i = 0; i < 240; i++) {
      res = await request(server)
        .get(`/api/auth/${TEST_SIGN_IN_PROVIDER}/refresh?env=development`)
        .set(TEST_USER_HEADER, user);
      if (res.status === 200) break;
      await new Promise(r => setTimeout(r, 250));
    }
    if (res?.status !== 200)
      throw new Error(`Test sign-in as ${user} failed: ${res?.status}`);
    tokens.set(user, res.body.backstageIdentity.token);
  }
  return tokens;
}

/** Requests to the portal as a signed-in user, with the token `signIn` gave them. */
export function requestsAs<User extends string>(
  server: TestPortalServer,
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
  server: TestPortalServer,
  key: string,
  body: object,
) {
  return request(server)
    .post('/api/microapps/v1/traces')
    .set('Authorization', `Bearer ${key}`)
    .send(body);
}
