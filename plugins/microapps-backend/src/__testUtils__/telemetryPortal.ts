/*
 * The backend the OTLP receiver's end-to-end tests post to: the real catalog
 * with the example org and apps, real auth with an external-access token as
 * micro-apps use, and the cost and violation routes to read back what was
 * counted.
 */
import type {
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import fs from 'fs';
import type { Knex } from 'knex';
import path from 'path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import {
  type ExporterChoice,
  exportWithRealExporters,
} from './exportWithRealExporters';
import type { SpanSpec } from './otelSpans';
import {
  EXAMPLES_DIR,
  EXAMPLE_MICROAPPS_CONFIG,
  startTestPortal,
  waitFor,
} from './startTestPortal';

/** The external-access token the exporters send. */
export const OTLP_TOKEN = 'test-otlp-token-0123456789';
export const otlpAuth = { Authorization: `Bearer ${OTLP_TOKEN}` };
/** The example `microapps` config section (models, groups, budgets). */
export const exampleMicroapps = parseYaml(
  fs.readFileSync(EXAMPLE_MICROAPPS_CONFIG, 'utf8'),
);
export const today = new Date().toISOString().slice(0, 10);
/** What an exporter reports for an export the receiver took. */
export const SUCCESS = { code: 0 };

export interface TelemetryPortal {
  /** The backend's HTTP server (set once the portal has started). */
  readonly server: any;
  /** The microapps plugin's database (set once the portal has started). */
  readonly microappsDb: Knex;
  /** Sends the spans through each real exporter in turn, from a separate process. */
  exportWith(
    exporters: ExporterChoice[],
    resources: Array<{ resource: Record<string, string>; spans: SpanSpec[] }>,
  ): Promise<Array<{ code: number; error?: string }>>;
  /** The body of an example app's cost route. */
  costs(name: string): Promise<any>;
  /** The body of the violations route for a query string. */
  violations(query: string): Promise<any>;
}

async function startTelemetryPortal(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  let microappsDb: Knex | undefined;
  const portal = await startTestPortal({
    database: { databases, databaseId },
    catalogFiles: [
      path.join(EXAMPLES_DIR, 'org.yaml'),
      path.join(EXAMPLES_DIR, 'microapps', '*.yaml'),
    ],
    microapps: {
      ...exampleMicroapps,
      marketplace: { refreshIntervalSeconds: 1 },
    },
    realServices: {
      staticTokens: [{ token: OTLP_TOKEN, subject: 'otlp-test' }],
    },
    onDatabase: (pluginId, knex) => {
      if (pluginId === 'microapps') microappsDb = knex;
    },
  });
  return { server: portal.server as any, stop: portal.stop, microappsDb };
}

/** Attribution needs the marketplace to know the example apps. */
async function waitForExampleApps(server: any) {
  await waitFor(async () => {
    const res = await request(server)
      .get(
        '/api/microapps/apps?limit=1&lifecycle=draft,sandbox,canary,production,decommissioned',
      )
      .set(otlpAuth);
    return res.status === 200 && res.body.totalItems >= 33 ? true : undefined;
  }, 'the example apps in the marketplace');
}

/**
 * Starts the portal before the enclosing `describe` block's tests and stops
 * it after them, on the given database.
 */
export function useTelemetryPortal(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): TelemetryPortal {
  let started: Awaited<ReturnType<typeof startTelemetryPortal>> | undefined;
  const running = () => {
    if (!started) throw new Error('The telemetry portal has not started');
    return started;
  };

  beforeAll(async () => {
    started = await startTelemetryPortal(databases, databaseId);
    await waitForExampleApps(started.server);
  });
  afterAll(async () => {
    await started?.stop();
  });

  const get = async (url: string) =>
    (await request(running().server).get(url).set(otlpAuth).expect(200)).body;
  return {
    get server() {
      return running().server;
    },
    get microappsDb() {
      return running().microappsDb!;
    },
    exportWith: (exporters, resources) =>
      exportWithRealExporters({
        url: `http://127.0.0.1:${
          running().server.address().port
        }/api/microapps/v1/traces`,
        token: OTLP_TOKEN,
        resources,
        exporters,
      }),
    costs: name => get(`/api/microapps/apps/default/${name}/costs`),
    violations: query => get(`/api/microapps/violations?${query}`),
  };
}
