import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestDatabaseId,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import catalogModuleMicroApps from '@trellis/plugin-catalog-backend-module-microapps';
import microAppsPolicyModule from '@trellis/plugin-permission-backend-module-microapps';
import path from 'path';
import microAppsPlugin from '../index';
import { TEST_SIGN_IN_PROVIDER, testSignInModule } from './testSignInModule';

/** The repository's `examples/` folder. */
export const EXAMPLES_DIR = path.resolve(__dirname, '../../../../examples');

/** The example model catalog and steward groups, as app-config.yaml includes them. */
export const EXAMPLE_MICROAPPS_CONFIG = path.join(
  EXAMPLES_DIR,
  'microapps-config.yaml',
);

export interface TestPortalOptions {
  /**
   * Each plugin gets a fresh database from `TestDatabases`, or, with
   * `backend.database` config, from the backend's own database manager
   * (`onDatabase` works with either).
   */
  database:
    | { databases: TestDatabases; databaseId: TestDatabaseId }
    | { config: JsonObject };
  /** Absolute paths (globs allowed) of catalog files to register. */
  catalogFiles: string[];
  /** The `microapps` config section. */
  microapps: JsonObject;
  /** Extra features, e.g. an entity provider. */
  extraFeatures?: Parameters<typeof startTestBackend>[0]['features'];
  /**
   * The real auth, HTTP auth and scheduler services instead of mocks, with
   * these external-access static tokens (as micro-apps use for OTLP), each
   * optionally restricted to some permissions.
   */
  realServices?: {
    staticTokens: Array<{
      token: string;
      subject: string;
      accessRestrictions?: JsonObject[];
    }>;
  };
  /**
   * Signed-in users under the real permission framework (with
   * `realServices`): the real permissions and user-info services, the auth
   * backend with the test sign-in provider (testSignInModule.ts), and the
   * permission backend with the steward policy module.
   */
  stewardPolicy?: boolean;
  /** Called with each plugin's database client, e.g. to reach into the tables. */
  onDatabase?: (pluginId: string, knex: Knex) => void;
}

/**
 * The backend's own database service (a `DatabaseManager` over
 * `backend.database`), telling `onDatabase` about each plugin's client the
 * first time the plugin asks for it.
 */
function reportingDatabaseFactory(
  onDatabase: (pluginId: string, knex: Knex) => void,
) {
  return createServiceFactory({
    service: coreServices.database,
    deps: {
      config: coreServices.rootConfig,
      lifecycle: coreServices.lifecycle,
      logger: coreServices.logger,
      plugin: coreServices.pluginMetadata,
      rootLifecycle: coreServices.rootLifecycle,
      rootLogger: coreServices.rootLogger,
    },
    async createRootContext({ config, rootLifecycle, rootLogger }) {
      return DatabaseManager.fromConfig(config, { rootLifecycle, rootLogger });
    },
    async factory({ plugin, lifecycle, logger }, manager) {
      const service = manager.forPlugin(plugin.getId(), { lifecycle, logger });
      let reported = false;
      return {
        ...service,
        getClient: async () => {
          const knex = await service.getClient();
          if (!reported) {
            reported = true;
            onDatabase(plugin.getId(), knex);
          }
          return knex;
        },
      };
    },
  });
}

/** Each plugin's database: a fresh one of the given engine, or the backend's own. */
function databaseFeatureFor(options: TestPortalOptions) {
  const { database, onDatabase } = options;
  if ('databases' in database) {
    return createServiceFactory({
      service: coreServices.database,
      deps: { plugin: coreServices.pluginMetadata },
      async factory({ plugin }) {
        const knex: Knex = await database.databases.init(database.databaseId);
        onDatabase?.(plugin.getId(), knex);
        return { getClient: async () => knex };
      },
    });
  }
  return onDatabase
    ? reportingDatabaseFactory(onDatabase)
    : mockServices.database.factory();
}

/** The services and plugins of the portal besides the database, the config and the microapps plugin. */
function portalFeatures(options: TestPortalOptions) {
  if (!options.realServices) {
    // Requests without a token are anonymous, as in a real backend.
    return [
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ];
  }
  const real = [
    authServiceFactory,
    httpAuthServiceFactory,
    schedulerServiceFactory,
  ];
  return options.stewardPolicy
    ? [
        ...real,
        userInfoServiceFactory,
        permissionsServiceFactory,
        authPlugin,
        testSignInModule,
        permissionPlugin,
        microAppsPolicyModule,
      ]
    : real;
}

/** The `backend`, and for the steward policy the `app`, `auth` and `permission`, config. */
function backendConfig(options: TestPortalOptions): JsonObject {
  const { database, realServices, stewardPolicy } = options;
  const backend: JsonObject = {
    ...('config' in database ? { database: database.config } : {}),
    ...(realServices
      ? {
          auth: {
            externalAccess: realServices.staticTokens.map(
              ({ accessRestrictions, ...token }) => ({
                type: 'static',
                options: token,
                ...(accessRestrictions ? { accessRestrictions } : {}),
              }),
            ),
          },
        }
      : {}),
  };
  if (!stewardPolicy) return { backend };
  return {
    app: { baseUrl: 'http://localhost:3000' },
    backend: { baseUrl: 'http://localhost:7007', ...backend },
    auth: {
      environment: 'development',
      providers: { [TEST_SIGN_IN_PROVIDER]: {} },
    },
    permission: { enabled: true },
  };
}

/**
 * Starts a real Backstage backend with the real catalog, the MicroApp catalog
 * module and the microapps plugin, each plugin on its own fresh database of
 * the given engine.
 */
export async function startTestPortal(options: TestPortalOptions) {
  const backend = await startTestBackend({
    features: [
      databaseFeatureFor(options),
      ...portalFeatures(options),
      mockServices.rootConfig.factory({
        data: {
          ...backendConfig(options),
          catalog: {
            rules: [
              {
                allow: [
                  'MicroApp',
                  'Group',
                  'User',
                  'Resource',
                  'System',
                  'Location',
                  'Template',
                ],
              },
            ],
            locations: options.catalogFiles.map(target => ({
              type: 'file',
              target,
            })),
            processingInterval: { seconds: 600 },
          },
          microapps: withAbsolutePackPaths({
            // Every response the tests see must be one the OpenAPI document describes.
            api: { validateResponses: true },
            ...options.microapps,
          }),
        },
      }),
      catalogPlugin,
      catalogModuleMicroApps,
      microAppsPlugin,
      ...(options.extraFeatures ?? []),
    ],
  });
  return { server: backend.server, stop: () => backend.stop() };
}

/** The server of a started test portal. */
export type TestPortalServer = Awaited<
  ReturnType<typeof startTestPortal>
>['server'];

/** Polls until `check` returns a value or the time runs out. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/** This package's directory, which the example config's relative paths start from (as packages/backend's). */
const PACKAGE_DIR = path.resolve(__dirname, '../..');

/**
 * The example config names its policy pack relative to the backend's working
 * directory; tests and benchmarks also run from the repository root, so file
 * locations are made absolute from this package's directory.
 */
function withAbsolutePackPaths(microapps: JsonObject): JsonObject {
  const policies = microapps.policies as
    | { locations?: Array<{ type: string; target: string }> }
    | undefined;
  if (!policies?.locations) return microapps;
  return {
    ...microapps,
    policies: {
      ...policies,
      locations: policies.locations.map(location =>
        location.type === 'file'
          ? { ...location, target: path.resolve(PACKAGE_DIR, location.target) }
          : location,
      ),
    },
  } as JsonObject;
}
