/*
 * The authorization matrix of /api/microapps: every route against every kind
 * of caller, with the status each must get. It runs on the example portal's
 * own parts (the real auth, httpAuth and permission backends, the example
 * steward policy, development sign-in tokens, the catalog with the example
 * files and a static external-access token) on every database TestDatabases
 * reaches.
 *
 * Where the expectations come from:
 * - every route but /health and /public/… needs a token: no token is 401,
 *   answered by the httpRouter's credentials barrier before any route code;
 * - every other route checks a permission. Reading (models, apps, detail,
 *   gate, kill switch, badges, costs, violations) needs microapps.app.read,
 *   .models.read, .costs.read or .violations.read, which the example policy
 *   gives every user; a service token is allowed them as Backstage does not
 *   ask the policy for service principals (ServerPermissionClient allows them
 *   unless the token carries accessRestrictions);
 * - the ingest credential is a static token restricted to
 *   microapps.telemetry.write: it sends traces and gets 403 on every read;
 * - grant and revoke take user tokens only (a service is 403) and the example
 *   policy lets only the stewards of a badge's role act on it
 *   (microAppStewardDecision); the owner is no steward, and the backend would
 *   refuse a member of the owning group anyway (separation of duties);
 * - the kill switch is engaged by users only: the app's owners, platform and
 *   security stewards; a switch a steward engaged is released by platform and
 *   security stewards only, one the owners engaged by them too;
 * - public badge addresses are managed by the owners and stewards;
 * - the audit log is read by stewards of any role and unrestricted services;
 * - the steward inbox is per person: user tokens only, a service is 403;
 * - the OTLP receiver takes service tokens holding microapps.telemetry.write:
 *   a user is 403.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { type BadgeId, evaluateRisk } from '@trellis/plugin-microapps-common';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import {
  EXAMPLE_CATALOG_FILES,
  exampleApps,
  models,
  repositoryRoot,
  signIn,
  startExamplePortal,
} from './__testUtils__/examplePortal';

jest.setTimeout(180_000);

/** The app every route acts on: a high-tier app of finance-ops, the team alice belongs to. */
const app = exampleApps.find(
  a =>
    a.spec.owner === 'group:default/finance-ops' &&
    evaluateRisk(a.spec, { models }).tier === 'high',
)!;
const APP = `/api/microapps/apps/default/${app.metadata.name}`;

/** A static external-access token, as a pipeline, gateway or micro-app holds one. */
const SERVICE_TOKEN = 'matrix-service-token-0123456789';
/** The same kind of token, restricted to what a micro-app exporting traces needs. */
const INGEST_TOKEN = 'matrix-ingest-token-0123456789';

const CALLERS = [
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
type Caller = (typeof CALLERS)[number];
const WHO: Record<Caller, string> = {
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
const STEWARD_OF: Record<BadgeId, Caller> = {
  'security-review': 'nora',
  'compliance-review': 'oscar',
  'executive-signoff': 'quentin',
  'production-readiness': 'sam',
};

/** Expected statuses in the order of CALLERS. */
type Row = [
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

interface RouteCase {
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

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'authorization matrix of /api/microapps (%s)',
  databaseId => {
    let server: any;
    let stop: () => Promise<void>;
    const tokens = new Map<Caller, string>([
      ['service', SERVICE_TOKEN],
      ['ingest', INGEST_TOKEN],
    ]);

    beforeAll(async () => {
      const backend = await startExamplePortal({
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
      });
      server = backend.server;
      stop = () => backend.stop();
      for (const [user, token] of await signIn(server, USERS))
        tokens.set(user, token);
      // Wait until the catalog has processed every MicroApp and the marketplace lists them.
      for (let i = 0; ; i++) {
        const res = await as('sam').get('/api/microapps/apps?limit=1');
        if (res.body.totalItems === exampleApps.length) break;
        if (i === 480)
          throw new Error(
            `The marketplace lists ${res.body.totalItems} of ${exampleApps.length} apps`,
          );
        await new Promise(r => setTimeout(r, 250));
      }
    });

    afterAll(async () => {
      await stop?.();
    });

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

    /** The app's public badge addresses, created by its owner when it has none. */
    const publicBadges = async () => {
      let urls = (await as('sam').get(`${APP}/badge-urls`).expect(200)).body;
      if (!urls.enabled) {
        urls = (await as('alice').post(`${APP}/badge-urls`).expect(200)).body;
      }
      return {
        overall: new URL(urls.overall).pathname,
        securityReview: new URL(urls.badges['security-review']).pathname,
      };
    };
    let publicPaths = { overall: '', securityReview: '' };
    /** A key made before a DELETE cell, by someone who may. */
    let keyId = '';
    const makeAppKey = async () => {
      keyId = (
        await as('sam')
          .post(`${APP}/ingest-keys`, { name: 'matrix' })
          .expect(201)
      ).body.id;
    };
    const makeGatewayKey = async () => {
      keyId = (
        await as('sam')
          .post('/api/microapps/ingest-keys', { name: 'matrix', gateway: true })
          .expect(201)
      ).body.id;
    };
    const killSwitch = (caller: Caller, enabled: boolean) =>
      as(caller).post(`${APP}/kill-switch`, {
        enabled,
        reason: `Matrix: ${enabled ? 'stopped' : 'resumed'} by ${caller}`,
      });
    /** Turns the switch off, by a steward who may release any. */
    const ensureOff = async () => {
      if ((await as('sam').get(`${APP}/kill-switch`)).body.enabled) {
        expect((await killSwitch('sam', false)).status).toBe(200);
      }
    };

    const badgeState = async (badge: BadgeId) =>
      (await as('sam').get(APP).expect(200)).body.badges.find(
        (b: any) => b.badge === badge,
      ).state as string;
    const grantBy = (caller: Caller, badge: BadgeId) =>
      as(caller).post(`${APP}/badges/${badge}/grant`, {
        comment: `Matrix: reviewed by ${caller}`,
      });
    const revokeBy = (caller: Caller, badge: BadgeId) =>
      as(caller).post(`${APP}/badges/${badge}/revoke`, {
        comment: `Matrix: revoked by ${caller}`,
      });

    /** One span from the app, with no usage or policy attributes: accepted, stores nothing. */
    const otlpBody = () => ({
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

    const everyone: Row = [200, 200, 200, 200, 200, 200, 200, 200, 200];
    /** Signed-in readers: every user and an unrestricted service; not the ingest credential. */
    const readers: Row = [401, 200, 200, 200, 200, 200, 200, 403, 200];
    const stewards: Row = [401, 403, 403, 200, 200, 200, 200, 403, 200];
    const usersOnly: Row = [401, 200, 200, 200, 200, 200, 200, 403, 403];
    const servicesOnly: Row = [401, 403, 403, 403, 403, 403, 403, 200, 200];
    /** Only the steward of the badge's role; a service token may never grant or revoke. */
    const stewardOf = (badge: BadgeId): Row =>
      CALLERS.map(c => {
        if (c === 'anonymous') return 401;
        return c === STEWARD_OF[badge] ? 200 : 403;
      }) as Row;

    const badges: BadgeId[] = [
      'security-review',
      'compliance-review',
      'executive-signoff',
      'production-readiness',
    ];

    const routes: RouteCase[] = [
      {
        route: 'GET /health',
        method: 'GET',
        path: () => '/api/microapps/health',
        expected: everyone,
      },
      {
        route: 'GET /models',
        method: 'GET',
        path: () => '/api/microapps/models',
        expected: readers,
      },
      {
        route: 'POST /risk/evaluate',
        method: 'POST',
        path: () => '/api/microapps/risk/evaluate',
        body: () => ({ spec: app.spec }),
        expected: readers,
      },
      {
        route: 'GET /apps',
        method: 'GET',
        path: () => '/api/microapps/apps?q=finance',
        expected: readers,
      },
      {
        route: 'GET /apps/:namespace/:name',
        method: 'GET',
        path: () => APP,
        expected: readers,
      },
      {
        route: 'GET /apps/:namespace/:name/gate',
        method: 'GET',
        path: () => `${APP}/gate?stage=production`,
        expected: readers,
      },
      ...badges.map(
        (badge): RouteCase => ({
          route: `POST /apps/:namespace/:name/badges/${badge}/grant`,
          method: 'POST',
          path: () => `${APP}/badges/${badge}/grant`,
          body: caller => ({ comment: `Matrix: reviewed by ${caller}` }),
          expected: stewardOf(badge),
          // An allowed grant is revoked again, so that each cell starts from an ungranted badge.
          after: async (caller, status) => {
            if (status === 200)
              expect((await revokeBy(caller, badge)).status).toBe(200);
          },
        }),
      ),
      ...badges.map(
        (badge): RouteCase => ({
          route: `POST /apps/:namespace/:name/badges/${badge}/revoke`,
          method: 'POST',
          path: () => `${APP}/badges/${badge}/revoke`,
          body: caller => ({ comment: `Matrix: revoked by ${caller}` }),
          expected: stewardOf(badge),
          // Each cell revokes a granted badge: a refusal is about who asks, not about the state.
          before: async () => {
            if ((await badgeState(badge)) !== 'granted') {
              expect((await grantBy(STEWARD_OF[badge], badge)).status).toBe(
                200,
              );
            }
          },
        }),
      ),
      {
        route: 'GET /apps/:namespace/:name/kill-switch',
        method: 'GET',
        path: () => `${APP}/kill-switch`,
        expected: readers,
      },
      {
        route: 'POST /apps/:namespace/:name/kill-switch (engage)',
        method: 'POST',
        path: () => `${APP}/kill-switch`,
        body: caller => ({
          enabled: true,
          reason: `Matrix: stopped by ${caller}`,
        }),
        //        anon uma alice nora oscar quentin sam ingest service
        expected: [401, 403, 200, 200, 403, 403, 200, 403, 403],
        before: ensureOff,
        after: async (_caller, status) => {
          if (status === 200) await ensureOff();
        },
      },
      {
        route:
          'POST /apps/:namespace/:name/kill-switch (release what a steward engaged)',
        method: 'POST',
        path: () => `${APP}/kill-switch`,
        body: caller => ({
          enabled: false,
          reason: `Matrix: resumed by ${caller}`,
        }),
        // The owners may not release a switch a security steward engaged.
        expected: [401, 403, 403, 200, 403, 403, 200, 403, 403],
        before: async () => {
          await ensureOff();
          expect((await killSwitch('nora', true)).status).toBe(200);
        },
        after: ensureOff,
      },
      {
        route:
          'POST /apps/:namespace/:name/kill-switch (release what the owners engaged)',
        method: 'POST',
        path: () => `${APP}/kill-switch`,
        body: caller => ({
          enabled: false,
          reason: `Matrix: resumed by ${caller}`,
        }),
        expected: [401, 403, 200, 200, 403, 403, 200, 403, 403],
        before: async () => {
          await ensureOff();
          expect((await killSwitch('alice', true)).status).toBe(200);
        },
        after: ensureOff,
      },
      {
        route: 'GET /apps/:namespace/:name/badges/:badge.svg',
        method: 'GET',
        path: () => `${APP}/badges/security-review.svg`,
        expected: readers,
      },
      {
        route: 'GET /apps/:namespace/:name/badge.svg',
        method: 'GET',
        path: () => `${APP}/badge.svg`,
        expected: readers,
      },
      {
        route: 'GET /apps/:namespace/:name/badge-urls',
        method: 'GET',
        path: () => `${APP}/badge-urls`,
        expected: readers,
      },
      {
        route: 'POST /apps/:namespace/:name/badge-urls',
        method: 'POST',
        path: () => `${APP}/badge-urls`,
        // The owners and every steward; a service may not.
        expected: [401, 403, 200, 200, 200, 200, 200, 403, 403],
      },
      {
        route: 'DELETE /apps/:namespace/:name/badge-urls',
        method: 'DELETE',
        path: () => `${APP}/badge-urls`,
        expected: [401, 403, 204, 204, 204, 204, 204, 403, 403],
        before: async () => {
          await publicBadges();
        },
      },
      {
        route: 'POST /apps/:namespace/:name/ingest-keys',
        method: 'POST',
        path: () => `${APP}/ingest-keys`,
        body: caller => ({ name: `matrix key of ${caller}` }),
        // The owners and platform stewards, and services provisioning keys.
        expected: [401, 403, 201, 403, 403, 403, 201, 403, 201],
      },
      {
        route: 'GET /apps/:namespace/:name/ingest-keys',
        method: 'GET',
        path: () => `${APP}/ingest-keys`,
        expected: [401, 403, 200, 403, 403, 403, 200, 403, 200],
      },
      {
        route: 'DELETE /apps/:namespace/:name/ingest-keys/:id',
        method: 'DELETE',
        path: () => `${APP}/ingest-keys/${keyId}`,
        expected: [401, 403, 204, 403, 403, 403, 204, 403, 204],
        before: makeAppKey,
      },
      {
        route: 'POST /ingest-keys',
        method: 'POST',
        path: () => '/api/microapps/ingest-keys',
        body: caller => ({
          name: `matrix gateway of ${caller}`,
          gateway: true,
        }),
        // Platform stewards (and unrestricted services).
        expected: [401, 403, 403, 403, 403, 403, 201, 403, 201],
      },
      {
        route: 'GET /ingest-keys',
        method: 'GET',
        path: () => '/api/microapps/ingest-keys',
        expected: [401, 403, 403, 403, 403, 403, 200, 403, 200],
      },
      {
        route: 'DELETE /ingest-keys/:id',
        method: 'DELETE',
        path: () => `/api/microapps/ingest-keys/${keyId}`,
        expected: [401, 403, 403, 403, 403, 403, 204, 403, 204],
        before: makeGatewayKey,
      },
      {
        route: 'GET /public/badges/:token/badge.svg',
        method: 'GET',
        path: () => publicPaths.overall,
        expected: everyone,
        before: async () => {
          publicPaths = await publicBadges();
        },
      },
      {
        route: 'GET /public/badges/:token/:badge.svg',
        method: 'GET',
        path: () => publicPaths.securityReview,
        expected: everyone,
        before: async () => {
          publicPaths = await publicBadges();
        },
      },
      {
        route: 'GET /reviews',
        method: 'GET',
        path: () => '/api/microapps/reviews',
        expected: usersOnly,
      },
      {
        route: 'GET /audit',
        method: 'GET',
        path: () => '/api/microapps/audit',
        expected: stewards,
      },
      {
        route: 'GET /audit/verify',
        method: 'GET',
        path: () => '/api/microapps/audit/verify',
        expected: stewards,
      },
      {
        route: 'GET /audit/export',
        method: 'GET',
        path: () => '/api/microapps/audit/export',
        expected: stewards,
      },
      {
        route: 'POST /v1/traces',
        method: 'POST',
        path: () => '/api/microapps/v1/traces',
        body: () => otlpBody(),
        expected: servicesOnly,
      },
      {
        route: 'GET /costs',
        method: 'GET',
        path: () => '/api/microapps/costs?groupBy=team',
        expected: readers,
      },
      {
        route: 'GET /costs/chargeback.csv',
        method: 'GET',
        path: () => '/api/microapps/costs/chargeback.csv',
        expected: readers,
      },
      {
        route: 'GET /violations',
        method: 'GET',
        path: () => '/api/microapps/violations',
        expected: readers,
      },
      {
        route: 'GET /apps/:namespace/:name/costs',
        method: 'GET',
        path: () => `${APP}/costs`,
        expected: readers,
      },
      {
        route: 'GET /apps/:namespace/:name/violations',
        method: 'GET',
        path: () => `${APP}/violations`,
        expected: readers,
      },
    ];

    const ERROR_NAMES: Record<number, string> = {
      401: 'AuthenticationError',
      403: 'NotAllowedError',
    };

    describe.each(routes.map(r => [r.route, r] as const))('%s', (_, route) => {
      it.each(
        CALLERS.map(
          (caller, i) => [WHO[caller], route.expected[i], caller] as const,
        ),
      )('%s → %i', async (_who, expected, caller) => {
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
        expect({
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
        }).toEqual({
          route: route.route,
          caller: WHO[caller],
          status: expected,
          errorName: ERROR_NAMES[expected],
        });
      });
    });

    it('covers every route the router declares', () => {
      // Every feature router, wherever it lives under the plugin's src.
      const src = path.join(repositoryRoot, 'plugins/microapps-backend/src');
      const routerFiles = fs
        .readdirSync(src, { recursive: true, encoding: 'utf8' })
        .filter(file => /(^|\/)(router|[A-Za-z]+Router)\.ts$/.test(file));
      expect(routerFiles.length).toBeGreaterThan(5);
      const source = routerFiles
        .map(file => fs.readFileSync(path.join(src, file), 'utf8'))
        .join('\n');
      const declared = [
        ...source.matchAll(/router\.(get|post|delete)\(\s*[`'](\/[^`']*)[`']/g),
      ].map(m => `${m[1].toUpperCase()} ${m[2]}`);
      // Grant and revoke are declared in a loop over both actions.
      expect(source).toContain(
        "for (const action of ['grant', 'revoke'] as const)",
      );
      const covered = new Set(
        routes.map(r =>
          r.route
            .replace(/ \(.*\)$/, '')
            .replace(
              /badges\/[a-z-]+\/(grant|revoke)$/,
              'badges/:badge/${action}',
            ),
        ),
      );
      expect(declared.length).toBeGreaterThan(20);
      expect(declared.filter(route => !covered.has(route))).toEqual([]);
    });

    it('lets the ingest credential send traces and read nothing', async () => {
      const ingest = { Authorization: `Bearer ${INGEST_TOKEN}` };
      const traces = await request(server)
        .post('/api/microapps/v1/traces')
        .set(ingest)
        .send(otlpBody());
      expect(traces.status).toBe(200);
      const reads = routes.filter(
        r =>
          r.method === 'GET' &&
          !r.route.includes('/public/') &&
          !r.route.endsWith('/health'),
      );
      expect(reads.length).toBeGreaterThan(15);
      for (const route of reads) {
        const res = await request(server).get(route.path()).set(ingest);
        expect({ route: route.route, status: res.status }).toEqual({
          route: route.route,
          status: 403,
        });
      }
    });
  },
);
