import { TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { BADGE_IDS } from '@trellis/plugin-microapps-common';
import request from 'supertest';
import {
  APP,
  asService,
  asUser,
  badgeTitle,
  badgesApp,
  BASE,
  svgOf,
} from './__testUtils__/badgesTestApp';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const overallTitle = (status: string) =>
  `Trellis · ${APP.risk.tier} risk ${Math.round(APP.risk.score)}: ${status}`;

describe('badges router: the badges of a signed-in reader', () => {
  it('answers an SVG that is never cached and runs no script', async () => {
    const { app } = await badgesApp(databases, AuthorizeResult.ALLOW);
    for (const path of [
      `${BASE}/badge.svg`,
      `${BASE}/badges/security-review.svg`,
    ]) {
      const res = await request(app).get(path).set(asUser).expect(200);
      expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'none'; style-src 'unsafe-inline'",
      );
      expect(svgOf(res)).toMatch(/^<svg[^>]*>/);
    }
  });

  it('shows a pending badge as pending and a signed-off one as granted', async () => {
    const { app, grant, requiredBadges } = await badgesApp(
      databases,
      AuthorizeResult.ALLOW,
    );
    const required = await requiredBadges();
    const before = await request(app)
      .get(`${BASE}/badges/production-readiness.svg`)
      .set(asUser)
      .expect(200);
    expect(badgeTitle(svgOf(before))).toBe('Production readiness: pending');

    await grant('production-readiness');
    const after = await request(app)
      .get(`${BASE}/badges/production-readiness.svg`)
      .set(asUser)
      .expect(200);
    expect(badgeTitle(svgOf(after))).toBe('Production readiness: granted');
    // Every badge has its own address, labelled with its title; one the
    // app's tier does not need says so rather than "pending".
    const titles: Record<string, string | undefined> = {};
    for (const badge of BADGE_IDS) {
      const res = await request(app)
        .get(`${BASE}/badges/${badge}.svg`)
        .set(asUser)
        .expect(200);
      titles[badge] = badgeTitle(svgOf(res));
    }
    const state = (badge: string) => {
      if (badge === 'production-readiness') return 'granted';
      return (required as string[]).includes(badge)
        ? 'pending'
        : 'not required';
    };
    expect(titles).toEqual({
      'security-review': `Security review: ${state('security-review')}`,
      'compliance-review': `Compliance review: ${state('compliance-review')}`,
      'executive-signoff': `Executive sign-off: ${state('executive-signoff')}`,
      'production-readiness': 'Production readiness: granted',
    });
  });

  it('shows the app status of common with its sign-offs: running without approvals in production, approved with them, disabled by the switch', async () => {
    const { app, grant, requiredBadges, kill } = await badgesApp(
      databases,
      AuthorizeResult.ALLOW,
    );
    const overall = async () =>
      badgeTitle(
        svgOf(
          await request(app).get(`${BASE}/badge.svg`).set(asUser).expect(200),
        ),
      );
    const required = await requiredBadges();
    const all = required.length;
    expect(await overall()).toBe(
      overallTitle(`Running without required approvals · 0/${all} signed off`),
    );
    expect(required).toContain('production-readiness');
    await grant(required[0]);
    expect(await overall()).toBe(
      overallTitle(`Running without required approvals · 1/${all} signed off`),
    );
    for (const badge of required.slice(1)) await grant(badge);
    expect(await overall()).toBe(
      overallTitle(`Approved for production · ${all}/${all} signed off`),
    );
    await kill();
    expect(await overall()).toBe(
      overallTitle(`Disabled (kill switch) · ${all}/${all} signed off`),
    );
  });

  it('names the badges for an unknown badge, and answers 404 for an unknown app and 401 without a token', async () => {
    const { app } = await badgesApp(databases, AuthorizeResult.ALLOW);
    const bad = await request(app)
      .get(`${BASE}/badges/free-pass.svg`)
      .set(asUser)
      .expect(400);
    expect(bad.body.error.message).toBe(
      `No badge named free-pass; badges are ${BADGE_IDS.join(', ')}`,
    );
    await request(app)
      .get('/apps/default/unknown/badge.svg')
      .set(asUser)
      .expect(404);
    await request(app)
      .get('/apps/default/unknown/badges/security-review.svg')
      .set(asUser)
      .expect(404);
    await request(app).get(`${BASE}/badge.svg`).expect(401);
    await request(app).get(`${BASE}/badges/security-review.svg`).expect(401);
    await request(app).get(`${BASE}/badge-urls`).expect(401);
    // A gateway or pipeline may show badges too.
    await request(app).get(`${BASE}/badge.svg`).set(asService).expect(200);
  });
});
