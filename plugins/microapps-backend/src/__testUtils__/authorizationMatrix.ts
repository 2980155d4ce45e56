/*
 * The authorization matrix of /api/microapps: every route against every kind
 * of caller (matrixPortal.ts), with the status each must get. The
 * ../__behaviour__/authorizationMatrix.*.test.ts files check it by route
 * group on a portal of real parts (signedInPortal.ts), on every database
 * TestDatabases reaches (describeMatrix.ts).
 *
 * Where the expectations come from:
 * - every route but /health and /public/… needs a token: no token is 401,
 *   answered by the httpRouter's credentials barrier before any route code;
 * - every other route checks a permission. Reading (models, apps, detail,
 *   gate, kill switch, badges, costs, violations) needs microapps.app.read,
 *   .models.read, .costs.read or .violations.read, which the steward policy
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
 * - so are the policies, and the policy test bench evaluates for them alone;
 * - the steward inbox is per person: user tokens only, a service is 403;
 * - the OTLP receiver takes service tokens holding microapps.telemetry.write:
 *   a user is 403;
 * - incidents: matrixIncidentRoutes.ts.
 */
import {
  APP,
  app,
  everyone,
  type MatrixPortal,
  otlpBody,
  readers,
  type RouteCase,
  servicesOnly,
  stewards,
  usersOnly,
} from './matrixPortal';
import {
  badgeRoutes,
  ingestKeyRoutes,
  killSwitchRoutes,
  publicBadgeRoutes,
  reviewRoutes,
} from './matrixStatefulRoutes';
import { incidentRoutes } from './matrixIncidentRoutes';

/** Health, the models, risk evaluation, and reading apps and their gate. */
function readRoutes(): RouteCase[] {
  return [
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
  ];
}

/** The steward inbox, the audit log, the OTLP receiver, costs, violations and policies. */
function oversightRoutes(): RouteCase[] {
  return [
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
    {
      route: 'GET /policies',
      method: 'GET',
      path: () => '/api/microapps/policies',
      expected: stewards,
    },
    {
      route: 'POST /policies/evaluate',
      method: 'POST',
      path: () => '/api/microapps/policies/evaluate',
      body: () => ({
        app: `microapp:default/${app.metadata.name}`,
        policy: {
          id: 'matrix-bench',
          title: 'Matrix',
          description: 'Any request in the last hour.',
          severity: 'low',
          window: '1h',
          when: 'window.requests > 0',
          actions: [],
        },
      }),
      expected: stewards,
    },
  ];
}

/** The matrix, by route group. */
export function matrixRoutes(portal: MatrixPortal) {
  return {
    reads: readRoutes(),
    reviews: reviewRoutes(portal),
    killSwitch: killSwitchRoutes(portal),
    badges: badgeRoutes(portal),
    ingestKeys: ingestKeyRoutes(portal),
    publicBadges: publicBadgeRoutes(portal),
    oversight: oversightRoutes(),
    incidents: incidentRoutes(portal),
  };
}

export type Matrix = ReturnType<typeof matrixRoutes>;

/** Every route of the matrix, in the order the groups list them. */
export const allRoutes = (matrix: Matrix) => Object.values(matrix).flat();
