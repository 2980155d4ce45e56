/*
 * The routes of the authorization matrix (authorizationMatrix.ts) whose cells
 * change the portal's state, each with the steps that put in place the state
 * a cell needs and undo what an allowed cell did: grant and revoke, the kill
 * switch, badge addresses and ingest keys.
 */
import type { BadgeId } from '@trellis/plugin-microapps-common';
import {
  APP,
  everyone,
  type Caller,
  type MatrixPortal,
  publicBadges,
  type RouteCase,
  readers,
  STEWARD_OF,
  stewardOf,
} from './matrixPortal';

const badges: BadgeId[] = [
  'security-review',
  'compliance-review',
  'executive-signoff',
  'production-readiness',
];

/** Granting and revoking each badge. */
export function reviewRoutes(portal: MatrixPortal): RouteCase[] {
  const { as } = portal;
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
  return [
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
            expect((await grantBy(STEWARD_OF[badge], badge)).status).toBe(200);
          }
        },
      }),
    ),
    ...badges.map(
      (badge): RouteCase => ({
        route: `POST /apps/:namespace/:name/badges/${badge}/request-changes`,
        method: 'POST',
        path: () => `${APP}/badges/${badge}/request-changes`,
        body: caller => ({ comment: `Matrix: changes asked by ${caller}` }),
        // The permission to grant the badge; each cell asks on a badge not granted now.
        expected: stewardOf(badge),
        before: async () => {
          if ((await badgeState(badge)) === 'granted') {
            expect((await revokeBy(STEWARD_OF[badge], badge)).status).toBe(200);
          }
        },
      }),
    ),
  ];
}

/** Reading, engaging and releasing the kill switch. */
export function killSwitchRoutes(portal: MatrixPortal): RouteCase[] {
  const { as } = portal;
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
  return [
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
  ];
}

/** The badges as SVG, and their public addresses. */
export function badgeRoutes(portal: MatrixPortal): RouteCase[] {
  return [
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
        await publicBadges(portal);
      },
    },
  ];
}

/** Ingest keys of an app and of gateways. */
export function ingestKeyRoutes(portal: MatrixPortal): RouteCase[] {
  const { as } = portal;
  /** A key made before a DELETE cell, by someone who may. */
  let keyId = '';
  const makeAppKey = async () => {
    keyId = (
      await as('sam').post(`${APP}/ingest-keys`, { name: 'matrix' }).expect(201)
    ).body.id;
  };
  const makeGatewayKey = async () => {
    keyId = (
      await as('sam')
        .post('/api/microapps/ingest-keys', { name: 'matrix', gateway: true })
        .expect(201)
    ).body.id;
  };
  return [
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
  ];
}

/** The public badge addresses, read anonymously. */
export function publicBadgeRoutes(portal: MatrixPortal): RouteCase[] {
  let publicPaths = { overall: '', securityReview: '' };
  return [
    {
      route: 'GET /public/badges/:token/badge.svg',
      method: 'GET',
      path: () => publicPaths.overall,
      expected: everyone,
      before: async () => {
        publicPaths = await publicBadges(portal);
      },
    },
    {
      route: 'GET /public/badges/:token/:badge.svg',
      method: 'GET',
      path: () => publicPaths.securityReview,
      expected: everyone,
      before: async () => {
        publicPaths = await publicBadges(portal);
      },
    },
  ];
}
