import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestDatabaseId,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleMicroApps from '@trellis/plugin-catalog-backend-module-microapps';
import path from 'path';
import microAppsPlugin from '../index';

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
   * these external-access static tokens (as micro-apps use for OTLP).
   */
  realServices?: { staticTokens: Array<{ token: string; subject: string }> };
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

/**
 * Starts a real Backstage backend with the real catalog, the MicroApp catalog
 * module and the microapps plugin, each plugin on its own fresh database of
 * the given engine.
 */
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

export async function startTestPortal(options: TestPortalOptions) {
  const { database } = options;
  const databaseFeature = databaseFeatureFor(options);

  const backend = await startTestBackend({
    features: [
      databaseFeature,
      ...(options.realServices
        ? [authServiceFactory, httpAuthServiceFactory, schedulerServiceFactory]
        : // Requests without a token are anonymous, as in a real backend.
          [
            mockServices.httpAuth.factory({
              defaultCredentials: mockCredentials.none(),
            }),
          ]),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            ...('config' in database ? { database: database.config } : {}),
            ...(options.realServices
              ? {
                  auth: {
                    externalAccess: options.realServices.staticTokens.map(
                      token => ({ type: 'static', options: token }),
                    ),
                  },
                }
              : {}),
          },
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
          microapps: {
            // Every response the tests see must be one the OpenAPI document describes.
            api: { validateResponses: true },
            ...options.microapps,
          },
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
