import { TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { BADGE_IDS, requiredBadges } from '@trellis/plugin-microapps-common';
import type express from 'express';
import request from 'supertest';
import {
  APP,
  asService,
  asUser,
  badgeTitle,
  badgesApp,
  BASE,
  EXTERNAL_BASE,
  INTERNAL_BASE,
  svgOf,
} from './__testUtils__/badgesTestApp';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const URLS = `${BASE}/badge-urls`;
/** The path of a public address, as the app serves it. */
const pathOf = (url: string) => url.slice(EXTERNAL_BASE.length);
const tokenOf = (url: string) =>
  /\/public\/badges\/([^/]+)\/badge\.svg$/.exec(url)?.[1];

const gone = async (app: express.Express, url: string) => {
  const res = await request(app).get(pathOf(url)).expect(404);
  expect(res.body.error.message).toBe('No badge at this address');
};

describe('badges router: public badge addresses', () => {
  it('has none until an owner asks, then gives addresses under the external base URL that anyone may open', async () => {
    const { app, store, auditor, outcomes } = await badgesApp(
      databases,
      AuthorizeResult.ALLOW,
    );
    const none = await request(app).get(URLS).set(asUser).expect(200);
    expect(none.body).toEqual({ enabled: false });

    const created = await request(app).post(URLS).set(asUser).expect(200);
    const token = tokenOf(created.body.overall);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const base = `${EXTERNAL_BASE}/public/badges/${token}`;
    expect(created.body).toEqual({
      enabled: true,
      overall: `${base}/badge.svg`,
      badges: Object.fromEntries(
        BADGE_IDS.map(badge => [badge, `${base}/${badge}.svg`]),
      ),
    });
    expect(JSON.stringify(created.body)).not.toContain(INTERNAL_BASE);
    // Readers see the same addresses later.
    const listed = await request(app).get(URLS).set(asService).expect(200);
    expect(listed.body).toEqual(created.body);

    // No token needed: the address is the secret.
    const overall = await request(app)
      .get(pathOf(created.body.overall))
      .expect(200);
    expect(overall.headers['content-type']).toBe(
      'image/svg+xml; charset=utf-8',
    );
    expect(overall.headers['cache-control']).toBe('no-cache');
    expect(badgeTitle(svgOf(overall))).toBe(
      `Trellis · ${APP.risk.tier} risk ${Math.round(
        APP.risk.score,
      )}: Running without required approvals · 0/${
        requiredBadges(APP.risk.tier, 'production').length
      } signed off`,
    );
    const security = await request(app)
      .get(pathOf(created.body.badges['security-review']))
      .expect(200);
    expect(badgeTitle(svgOf(security))).toMatch(/^Security review: /);

    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'public-badges-rotate',
        meta: { entityRef: APP.entityRef },
      }),
    );
    expect(outcomes).toEqual(['public-badges-rotate: success']);
    const audit = await store.listAudit({ limit: 10 });
    expect(audit.map(entry => [entry.action, entry.actor])).toEqual([
      ['public-badges.created', 'user:default/mock'],
    ]);
  });

  it('shows the sign-off state at the public address as it changes', async () => {
    const { app, grant } = await badgesApp(databases, AuthorizeResult.ALLOW);
    const { body } = await request(app).post(URLS).set(asUser).expect(200);
    const readiness = pathOf(body.badges['production-readiness']);
    const before = await request(app).get(readiness).expect(200);
    expect(badgeTitle(svgOf(before))).toBe('Production readiness: pending');
    await grant('production-readiness');
    const after = await request(app).get(readiness).expect(200);
    expect(badgeTitle(svgOf(after))).toBe('Production readiness: granted');
  });

  it('rotates to new addresses, and the old ones stop working at once', async () => {
    const { app, store, outcomes } = await badgesApp(
      databases,
      AuthorizeResult.ALLOW,
    );
    const first = await request(app).post(URLS).set(asUser).expect(200);
    const second = await request(app).post(URLS).set(asUser).expect(200);
    expect(tokenOf(second.body.overall)).not.toBe(tokenOf(first.body.overall));
    await gone(app, first.body.overall);
    await gone(app, first.body.badges['security-review']);
    await request(app).get(pathOf(second.body.overall)).expect(200);
    await request(app)
      .get(pathOf(second.body.badges['security-review']))
      .expect(200);
    expect((await request(app).get(URLS).set(asUser).expect(200)).body).toEqual(
      second.body,
    );
    expect(outcomes).toEqual([
      'public-badges-rotate: success',
      'public-badges-rotate: success',
    ]);
    const audit = await store.listAudit({ limit: 10 });
    expect(audit.map(entry => entry.action)).toEqual([
      'public-badges.rotated',
      'public-badges.created',
    ]);
  });

  it('takes the addresses away: 204, none listed, and every public address 404', async () => {
    const { app, store, auditor, outcomes } = await badgesApp(
      databases,
      AuthorizeResult.ALLOW,
    );
    const { body } = await request(app).post(URLS).set(asUser).expect(200);
    const res = await request(app).delete(URLS).set(asUser).expect(204);
    expect(res.text).toBe('');
    expect((await request(app).get(URLS).set(asUser)).body).toEqual({
      enabled: false,
    });
    await gone(app, body.overall);
    for (const badge of BADGE_IDS) await gone(app, body.badges[badge]);

    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'public-badges-revoke',
        meta: { entityRef: APP.entityRef },
      }),
    );
    // Taking away addresses an app does not have changes nothing more.
    await request(app).delete(URLS).set(asUser).expect(204);
    expect(outcomes).toEqual([
      'public-badges-rotate: success',
      'public-badges-revoke: success',
      'public-badges-revoke: success',
    ]);
    const audit = await store.listAudit({ limit: 10 });
    expect(audit.map(entry => entry.action)).toEqual([
      'public-badges.revoked',
      'public-badges.created',
    ]);
  });

  it('takes changes only from people, never from a service token or without a token', async () => {
    const { app, store, auditor } = await badgesApp(
      databases,
      AuthorizeResult.ALLOW,
    );
    await request(app).post(URLS).expect(401);
    await request(app).delete(URLS).expect(401);
    await request(app).post(URLS).set(asService).expect(403);
    await request(app).delete(URLS).set(asService).expect(403);
    await request(app)
      .post('/apps/default/unknown/badge-urls')
      .set(asUser)
      .expect(404);
    expect((await request(app).get(URLS).set(asUser)).body).toEqual({
      enabled: false,
    });
    expect(auditor.createEvent).not.toHaveBeenCalled();
    expect(await store.listAudit({ limit: 10 })).toEqual([]);
  });

  it('refuses an owner the permission policy denies, audits the failure, and changes nothing', async () => {
    const { app, store, outcomes } = await badgesApp(
      databases,
      AuthorizeResult.DENY,
    );
    const res = await request(app).post(URLS).set(asUser).expect(403);
    expect(res.body.error.message).toBe(
      `You may not change the public badge addresses of ${APP.entityRef}: only its owners and stewards may`,
    );
    await request(app).delete(URLS).set(asUser).expect(403);
    expect(outcomes).toEqual([
      'public-badges-rotate: fail',
      'public-badges-revoke: fail',
    ]);
    expect((await request(app).get(URLS).set(asUser)).body).toEqual({
      enabled: false,
    });
    expect(await store.listAudit({ limit: 10 })).toEqual([]);
  });

  it('answers 404 "No badge at this address" to a malformed or unknown token, and names an unknown badge', async () => {
    const { app } = await badgesApp(databases, AuthorizeResult.ALLOW);
    const { body } = await request(app).post(URLS).set(asUser).expect(200);
    const token = tokenOf(body.overall)!;
    const unknown = token.replace(/^./, c => (c === 'A' ? 'B' : 'A'));
    for (const bad of [
      'not-a-token',
      `${token}x`,
      token.slice(1),
      `${token.slice(0, 31)}!`,
      unknown,
    ]) {
      for (const file of ['badge.svg', 'security-review.svg']) {
        const res = await request(app)
          .get(`/public/badges/${encodeURIComponent(bad)}/${file}`)
          .expect(404);
        expect(res.body.error.message).toBe('No badge at this address');
      }
    }
    const noBadge = await request(app)
      .get(`/public/badges/${token}/free-pass.svg`)
      .expect(404);
    expect(noBadge.body.error.message).toBe('No badge named free-pass');
  });
});
