/*
 * The callers of the authorization matrix (authorizationMatrix.ts), the
 * portal they call (signedInPortal.ts: the real auth, httpAuth and permission
 * backends, the steward policy module, signed-in users' tokens, the catalog with
 * the example files, an unrestricted static token and an ingest token
 * restricted to microapps.telemetry.write), the shape of a route's case and
 * the check of one cell.
 */
import type {
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { type BadgeId, evaluateRisk } from '@trellis/plugin-microapps-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { exampleApps, models } from './exampleCatalogPortal';
import {
  EXAMPLE_CATALOG_FILES,
  signIn,
  startSignedInPortal,
} from './signedInPortal';

/** The app every route acts on: a high-tier app of finance-ops, the team alice belongs to. */
export const app = exampleApps.find(
  a =>
    a.spec.owner === 'group:default/finance-ops' &&
    evaluateRisk(a.spec, { models }).tier === 'high',
)!;
export const APP = `/api/microapps/apps/default/${app.metadata.name}`;

/** A static external-access token, as a pipeline, gateway or micro-app holds one. */
const SERVICE_TOKEN = 'matrix-service-token-0123456789';
/** The same kind of token, restricted to what a micro-app exporting traces needs. */
export const INGEST_TOKEN = 'matrix-ingest-token-0123456789';

export const CALLERS = [
  'anonymous',
  'uma',
  'alice',
  'nora',
  'oscar',
  'quentin',
  'sam',
  'ingest',
  'service',
] as const;
export type Caller = (typeof CALLERS)[number];
export const WHO: Record<Caller, string> = {
  anonymous: 'anonymous (no token)',
  uma: 'uma, an unrelated user',
  alice: 'alice, an owner (finance-ops)',
  nora: 'nora, security steward',
  oscar: 'oscar, compliance steward',
  quentin: 'quentin, executive',
  sam: 'sam, platform steward',
  ingest: 'the ingest credential (microapps.telemetry.write only)',
  service: 'an unrestricted service token',
};
const USERS = CALLERS.filter(
  c => c !== 'anonymous' && c !== 'service' && c !== 'ingest',
);

/** The steward who grants each badge in the example policy. */
export const STEWARD_OF: Record<BadgeId, Caller> = {
  'security-review': 'nora',
  'compliance-review': 'oscar',
  'executive-signoff': 'quentin',
  'production-readiness': 'sam',
};

/** Expected statuses in the order of CALLERS. */
export type Row = [
  anonymous: number,
  uma: number,
  alice: number,
  nora: number,
  oscar: number,
  quentin: number,
  sam: number,
  ingest: number,
  service: number,
];

/** The portal of one database; start it in beforeAll and stop it in afterAll. */
export function matrixPortal(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  let server: any;
  let stop: (() => Promise<void>) | undefined;
  let database: Knex | undefined;
  const tokens = new Map<Caller, string>([
    ['service', SERVICE_TOKEN],
    ['ingest', INGEST_TOKEN],
  ]);

  function as(caller: Caller) {
    const withAuth = (req: request.Test) =>
      caller === 'anonymous'
        ? req
        : req.set('Authorization', `Bearer ${tokens.get(caller)}`);
    return {
      get: (url: string) => withAuth(request(server).get(url)),
      post: (url: string, body?: object) =>
        withAuth(request(server).post(url)).send(body),
      delete: (url: string) => withAuth(request(server).delete(url)),
    };
  }

  /** Starts the portal, signs the users in and waits for the marketplace; answers the server. */
  const start = async () => {
    const backend = await startSignedInPortal({
      databases,
      databaseId,
      catalogFiles: EXAMPLE_CATALOG_FILES,
      staticTokens: [
        { token: SERVICE_TOKEN, subject: 'matrix-pipeline' },
        {
          token: INGEST_TOKEN,
          subject: 'matrix-micro-app',
          // As the README shows for micro-app tokens: send traces, nothing else.
          accessRestrictions: [
            {
              plugin: 'microapps',
              permission: 'microapps.telemetry.write',
            },
          ],
        },
      ],
      onDatabase: (pluginId, knex) => {
        if (pluginId === 'microapps') database = knex;
      },
    });
    server = backend.server;
    stop = () => backend.stop();
    for (const [user, token] of await signIn(server, USERS))
      tokens.set(user, token);
    // Wait until the catalog has processed every MicroApp and the marketplace lists them.
    for (let i = 0; ; i++) {
      const res = await as('sam').get(
        '/api/microapps/apps?limit=1&lifecycle=draft,sandbox,canary,production,decommissioned',
      );
      if (res.body.totalItems === exampleApps.length) break;
      if (i === 480)
        throw new Error(
          `The marketplace lists ${res.body.totalItems} of ${exampleApps.length} apps`,
        );
      await new Promise(r => setTimeout(r, 250));
    }
    return server;
  };

  return {
    as,
    start,
    /** The microapps plugin's database, once the portal started. */
    database: () => database!,
    stop: async () => {
      await stop?.();
    },
  };
}

export type MatrixPortal = ReturnType<typeof matrixPortal>;

export interface RouteCase {
  /** `METHOD /path`, optionally followed by ` (what this case tries)`. */
  route: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: () => string;
  body?: (caller: Caller) => object;
  expected: Row;
  /** Runs before each cell, e.g. to put the state the cell needs in place. */
  before?: () => Promise<void>;
  /** Runs after each cell, e.g. to undo what an allowed mutation did. */
  after?: (caller: Caller, status: number) => Promise<void>;
}

export const everyone: Row = [200, 200, 200, 200, 200, 200, 200, 200, 200];
/** Signed-in readers: every user and an unrestricted service; not the ingest credential. */
export const readers: Row = [401, 200, 200, 200, 200, 200, 200, 403, 200];
export const stewards: Row = [401, 403, 403, 200, 200, 200, 200, 403, 200];
export const usersOnly: Row = [401, 200, 200, 200, 200, 200, 200, 403, 403];
export const servicesOnly: Row = [401, 403, 403, 403, 403, 403, 403, 200, 200];
/** Only the steward of the badge's role; a service token may never grant or revoke. */
export const stewardOf = (badge: BadgeId): Row =>
  CALLERS.map(c => {
    if (c === 'anonymous') return 401;
    return c === STEWARD_OF[badge] ? 200 : 403;
  }) as Row;

const ERROR_NAMES: Record<number, string> = {
  401: 'AuthenticationError',
  403: 'NotAllowedError',
};

/**
 * Calls the route as the caller; answers what the cell got and what it
 * should have got, for the test to compare.
 */
export async function runCell(
  { as }: MatrixPortal,
  route: RouteCase,
  caller: Caller,
  expected: number,
) {
  await route.before?.();
  const url = route.path();
  let res: request.Response;
  if (route.method === 'GET') res = await as(caller).get(url);
  else if (route.method === 'DELETE') res = await as(caller).delete(url);
  else res = await as(caller).post(url, route.body?.(caller));
  await route.after?.(caller, res.status);
  // Route and caller are in the comparison, so that a failure names both; the error message explains it.
  // A refusal has Backstage's error shape (JSON with the error's name), never an HTML page.
  const refused = res.status >= 400;
  return {
    got: {
      route: route.route,
      caller: WHO[caller],
      status: res.status,
      errorName:
        refused && /application\/json/.test(res.headers['content-type'])
          ? res.body?.error?.name
          : undefined,
      ...(res.status !== expected
        ? { error: res.body?.error?.message ?? res.text?.slice(0, 300) }
        : {}),
    },
    wanted: {
      route: route.route,
      caller: WHO[caller],
      status: expected,
      errorName: ERROR_NAMES[expected],
    },
  };
}

/** The app's public badge addresses, created by its owner when it has none. */
export async function publicBadges({ as }: MatrixPortal) {
  let urls = (await as('sam').get(`${APP}/badge-urls`).expect(200)).body;
  if (!urls.enabled) {
    urls = (await as('alice').post(`${APP}/badge-urls`).expect(200)).body;
  }
  return {
    overall: new URL(urls.overall).pathname,
    securityReview: new URL(urls.badges['security-review']).pathname,
  };
}

/** One span from the app, with no usage or policy attributes: accepted, stores nothing. */
export const otlpBody = () => ({
  resourceSpans: [
    {
      resource: {
        attributes: [
          {
            key: 'service.name',
            value: { stringValue: app.metadata.name },
          },
        ],
      },
      scopeSpans: [
        {
          spans: [
            {
              traceId: 'a1'.repeat(16),
              spanId: 'b2'.repeat(8),
              name: 'matrix',
              startTimeUnixNano: String((Date.now() - 60_000) * 1e6),
              endTimeUnixNano: String((Date.now() - 59_000) * 1e6),
            },
          ],
        },
      ],
    },
  ],
});
