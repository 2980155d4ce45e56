/*
 * The client that lies to the receiver in the telemetryUnderAttack.*.test.ts
 * files: OTLP/JSON bodies made to order, the model call it reports, and the
 * portal it reports to (signedInPortal.ts), with small caps on made-up apps and models,
 * a span-key window of a week, few receiver slots and a short body deadline,
 * started for the tests of each database by describeUnderAttack.
 */
import {
  type TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { exampleApps, microappsConfig, models } from './exampleCatalogPortal';
import {
  EXAMPLE_CATALOG_FILES,
  requestsAs,
  sendTraces,
  signIn,
  startSignedInPortal,
} from './signedInPortal';

export const APP = 'invoice-field-extractor'; // finance-ops (alice), azure-gpt-4.1-mini
const MODEL = 'azure-gpt-4.1-mini';
export const APPS = '/api/microapps/apps/default';
export const DAY_MS = 86_400_000;
export const CAPS = { unregisteredAppsPerDay: 20, unknownModelsPerDay: 50 };

export type Attributes = Record<string, string | number>;
export interface SpanSpec {
  attributes?: Attributes;
  events?: Attributes[];
  /** Epoch ms; default a second ago. */
  startMs?: number;
}

let spanCounter = 0;
const attributeList = (attributes: Attributes) =>
  Object.entries(attributes).map(([key, value]) => ({
    key,
    value:
      typeof value === 'number'
        ? { intValue: String(value) }
        : { stringValue: value },
  }));

/** An OTLP/JSON request: one resource per entry, its spans as given. */
export function traces(
  resources: Array<{ resource?: Attributes; spans: SpanSpec[] }>,
) {
  const now = Date.now();
  return {
    resourceSpans: resources.map(({ resource, spans }) => ({
      resource: { attributes: attributeList(resource ?? {}) },
      scopeSpans: [
        {
          spans: spans.map(span => {
            spanCounter += 1;
            const start = span.startMs ?? now - 1000;
            return {
              traceId: spanCounter.toString(16).padStart(32, '0'),
              spanId: spanCounter.toString(16).padStart(16, '0'),
              name: 'chat',
              startTimeUnixNano: `${start}000000`,
              endTimeUnixNano: `${start + 500}000000`,
              attributes: attributeList(span.attributes ?? {}),
              events: (span.events ?? []).map(attributes => ({
                name: 'trellis.policy',
                timeUnixNano: `${start + 100}000000`,
                attributes: attributeList(attributes),
              })),
            };
          }),
        },
      ],
    })),
  };
}

/** A model call of 1,000 input tokens, as a GenAI span reports it. */
export const modelCall = (extra: Attributes = {}): SpanSpec => ({
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': MODEL,
    'gen_ai.usage.input_tokens': 1000,
    'gen_ai.usage.output_tokens': 0,
    ...extra,
  },
});
const pricing = models.find(model => model.id === MODEL)!.pricing!;
/** What the catalog charges for `modelCall()`, in micro-dollars. */
export const CALL_MICROS = Math.round(1000 * pricing.inputPer1M);

/** The signed-in users alice (of the app's team, finance-ops) and sam (platform steward). */
const USERS = ['alice', 'sam'];

/**
 * The portal of one database, to start in beforeAll and stop in afterAll;
 * `start` answers its server, the microapps database and two ingest keys:
 * the app's own, and a gateway's.
 */
export function attackedPortal(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  let server: any;
  let stop: (() => Promise<void>) | undefined;
  let knex: Knex | undefined;
  const tokens = new Map<string, string>();
  const as = (user: string) => requestsAs(server, tokens)(user);
  const send = (key: string, body: object) => sendTraces(server, key, body);

  const start = async () => {
    const backend = await startSignedInPortal({
      databases,
      databaseId,
      catalogFiles: EXAMPLE_CATALOG_FILES,
      microapps: {
        telemetry: {
          ...microappsConfig.telemetry,
          retention: { spanKeyDays: 7 },
          caps: CAPS,
          maxConcurrentRequests: 4,
          maxConcurrentRequestsPerCaller: 2,
          // Long enough for the slot checks to run on a busy machine.
          bodyTimeoutSeconds: 5,
        },
      },
      onDatabase: (pluginId, client) => {
        if (pluginId === 'microapps') knex = client;
      },
    });
    server = backend.server;
    stop = () => backend.stop();
    for (const [user, token] of await signIn(server, USERS))
      tokens.set(user, token);
    for (let i = 0; ; i++) {
      const res = await as('sam').get(
        '/api/microapps/apps?limit=1&lifecycle=draft,sandbox,canary,production,decommissioned',
      );
      if (res.body.totalItems === exampleApps.length) break;
      if (i === 480) throw new Error('the example apps never appeared');
      await new Promise(r => setTimeout(r, 250));
    }
    const appKey: string = (
      await as('alice').post(`${APPS}/${APP}/ingest-keys`, { name: 'app' })
    ).body.key;
    const gatewayKey: string = (
      await as('sam').post('/api/microapps/ingest-keys', {
        name: 'gateway',
        gateway: true,
      })
    ).body.key;
    return { server, knex: knex!, appKey, gatewayKey };
  };

  return {
    as,
    send,
    start,
    stop: async () => {
      await stop?.();
    },
  };
}

type AttackedPortal = ReturnType<typeof attackedPortal>;

/**
 * What the tests of one database get: the portal's callers at once, and its
 * server, microapps database and ingest keys once beforeAll has started it.
 */
export type UnderAttack = Pick<AttackedPortal, 'as' | 'send'> &
  Awaited<ReturnType<AttackedPortal['start']>>;

/**
 * The tests of a telemetryUnderAttack.*.test.ts file, on every database
 * TestDatabases reaches: each database's portal starts before its tests and
 * stops after them.
 */
export function describeUnderAttack(tests: (attack: UnderAttack) => void) {
  jest.setTimeout(600_000);

  const databases = TestDatabases.create();

  describe.each(databases.eachSupportedId())(
    'telemetry under attack (%s)',
    databaseId => {
      const portal = attackedPortal(databases, databaseId);
      // The rest is filled in by beforeAll, before any test reads it.
      const attack = { as: portal.as, send: portal.send } as UnderAttack;

      beforeAll(async () => {
        Object.assign(attack, await portal.start());
      });

      afterAll(() => portal.stop());

      tests(attack);
    },
  );
}
