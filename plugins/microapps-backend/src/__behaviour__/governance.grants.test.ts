/*
 * Governance end to end on a portal of real parts (signedInPortal.ts):
 * signed-in users' tokens, the real auth, permission and catalog backends,
 * the steward policy module, the MicroApp catalog module and the microapps
 * plugin, on every database TestDatabases reaches.
 *
 * This part: who may grant a badge, a high-tier app's way through its
 * production gate, revocation, simultaneous grants, and the badges shown as
 * SVG, to signed-in users and anonymously. What follows a review (stale
 * badges, the steward inbox, the audit log, notifications) is in
 * governance.reviews.test.ts, the kill switch in governance.killSwitch.test.ts.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { requiredBadges } from '@trellis/plugin-microapps-common';
import request from 'supertest';
import {
  appUrl,
  concurrentHighTier,
  financeApp,
  financeRef,
  governancePortal,
  highTier,
  highTierRef,
  mediumTier,
} from '../__testUtils__/governancePortal';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'governance on a signed-in portal (%s)',
  databaseId => {
    const portal = governancePortal(databases, databaseId);
    const { as, grant, revoke, knexByPlugin } = portal;
    let server: any;

    beforeAll(async () => {
      server = await portal.start();
    });

    afterAll(() => portal.stop());

    describe('refusals', () => {
      it('answers 401 to an anonymous grant', async () => {
        const res = await request(server)
          .post(`${appUrl(mediumTier)}/badges/security-review/grant`)
          .send({ comment: 'hi' });
        expect(res.status).toBe(401);
      });

      it('answers 403 to someone who is no steward', async () => {
        const res = await grant('uma', mediumTier, 'security-review');
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain(
          'only Security review stewards may',
        );
      });

      it('answers 403 to a steward of another badge', async () => {
        const res = await grant('oscar', mediumTier, 'security-review');
        expect(res.status).toBe(403);
      });

      it('answers 403 to a steward who is a member of the owning group', async () => {
        const res = await grant('bob', financeApp, 'security-review');
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain(
          'Separation of duties: you are a member of group:default/finance-ops',
        );
      });

      it('answers 403 to a steward who is a member of a group within the owning group', async () => {
        // pat's token claims finance-payables, not finance-ops: the catalog's
        // group tree says it is part of finance-ops.
        const res = await grant('pat', financeApp, 'security-review');
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain(
          `Separation of duties: you are a member of group:default/finance-ops (or of a group it contains or belongs to), which owns ${financeRef}`,
        );
        // The same steward may review another team's app.
        const other = await grant('pat', mediumTier, 'security-review');
        expect(other.status).toBe(200);
        expect(
          (await revoke('pat', mediumTier, 'security-review')).status,
        ).toBe(200);
      });

      it('answers 400 without a comment', async () => {
        for (const body of [
          {},
          { comment: '' },
          { comment: '   ' },
          { comment: 42 },
        ]) {
          const res = await as('nora').post(
            `${appUrl(mediumTier)}/badges/security-review/grant`,
            body,
          );
          expect(res.status).toBe(400);
          expect(res.body.error.message).toContain('comment is required');
        }
      });

      it('answers 404 for an unknown app or badge', async () => {
        const unknownApp = await as('nora').post(
          '/api/microapps/apps/default/no-such-app/badges/security-review/grant',
          {
            comment: 'x',
          },
        );
        expect(unknownApp.status).toBe(404);
        const unknownBadge = await grant('nora', mediumTier, 'gold-star');
        expect(unknownBadge.status).toBe(404);
        expect(unknownBadge.body.error.message).toContain(
          'No badge named gold-star',
        );
      });
    });

    describe('a high-tier app on its way to production', () => {
      it('refuses a second badge from the same person', async () => {
        const first = await grant('maya', highTier, 'security-review');
        expect(first.status).toBe(200);
        const second = await grant('maya', highTier, 'compliance-review');
        expect(second.status).toBe(403);
        expect(second.body.error.message).toContain(
          'you already granted security-review on this high-tier app',
        );
      });

      it('lets exactly one of two simultaneous grants by one steward through', async () => {
        // maya holds both steward roles of a high-tier app's canary badges.
        const app = concurrentHighTier;
        for (let round = 0; round < 4; round++) {
          const results = await Promise.all([
            grant('maya', app, 'security-review'),
            grant('maya', app, 'compliance-review'),
          ]);
          expect(results.map(r => r.status).sort()).toEqual([200, 403]);
          const detail = (await as('sam').get(appUrl(app))).body;
          const byMaya = detail.badges.filter(
            (b: any) =>
              b.state === 'granted' && b.approver === 'user:default/maya',
          );
          expect(byMaya).toHaveLength(1);
          expect(
            (await revoke('maya', app, byMaya[0].badge, 'Next round')).status,
          ).toBe(200);
        }
      });

      it('opens the production gate once every required badge is granted', async () => {
        const gate = async () =>
          (await as('sam').get(`${appUrl(highTier)}/gate?stage=production`))
            .body;
        expect(await gate()).toMatchObject({
          allowed: false,
          missing: requiredBadges('high', 'production').slice(1),
        });
        expect(
          (await grant('oscar', highTier, 'compliance-review')).status,
        ).toBe(200);
        expect(
          (await grant('quentin', highTier, 'executive-signoff')).status,
        ).toBe(200);
        expect((await gate()).missing).toEqual(['production-readiness']);
        const last = await grant('sam', highTier, 'production-readiness');
        expect(last.status).toBe(200);
        const approved = {
          id: 'approved',
          label: 'Approved for production',
          severity: 'ok',
          stage: 'production',
          requiredBadges: requiredBadges('high', 'production'),
          missingBadges: [],
        };
        expect(last.body.status).toEqual(approved);
        expect(last.body.gates.production).toEqual({
          stage: 'production',
          allowed: true,
          missing: [],
          reasons: [],
          status: approved,
        });
        expect(await gate()).toEqual({
          stage: 'production',
          allowed: true,
          missing: [],
          reasons: [],
          status: approved,
        });
      });

      it('answers 400 for a gate without a valid stage', async () => {
        const res = await as('sam').get(`${appUrl(highTier)}/gate?stage=prod`);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(
          'stage: must be one of canary, production',
        );
      });
    });

    it('revokes with a comment and closes the gate again', async () => {
      expect(
        (await revoke('sam', highTier, 'production-readiness', '')).status,
      ).toBe(400);
      const res = await revoke(
        'sam',
        highTier,
        'production-readiness',
        'Load test failed',
      );
      expect(res.status).toBe(200);
      expect(
        res.body.badges.find((b: any) => b.badge === 'production-readiness'),
      ).toMatchObject({
        state: 'revoked',
        revokedBy: 'user:default/sam',
        revokeComment: 'Load test failed',
      });
      expect(res.body.gates.production.allowed).toBe(false);
      expect(
        (await revoke('sam', highTier, 'production-readiness')).status,
      ).toBe(409);
    });

    it('keeps one approval when two stewards grant the same badge at once', async () => {
      const responses = await Promise.all([
        grant('nora', mediumTier, 'security-review'),
        grant('maya', mediumTier, 'security-review'),
      ]);
      expect(responses.some(r => r.status === 200)).toBe(true);
      expect(responses.every(r => r.status === 200 || r.status === 409)).toBe(
        true,
      );
      const rows = await knexByPlugin.get('microapps')!(
        'microapps_approvals',
      ).where({
        entity_ref: `microapp:default/${mediumTier.metadata.name}`,
        badge: 'security-review',
      });
      expect(rows).toHaveLength(1);
    });

    it('renders badges as SVG', async () => {
      const res = await as('uma').text(
        `${appUrl(highTier)}/badges/security-review.svg`,
      );
      expect(res.status).toBe(200);
      expect(res.type).toContain('image/svg+xml');
      expect(res.body).toContain('Security review: granted');
      // production-readiness was revoked above, so the production app runs without it.
      const overall = await as('uma').text(`${appUrl(highTier)}/badge.svg`);
      expect(overall.body).toContain('Running without required approvals');
      expect(
        (await request(server).get(`${appUrl(highTier)}/badge.svg`)).status,
      ).toBe(401);
    });

    it('serves the same badges anonymously from an unguessable URL that owners and stewards rotate and revoke', async () => {
      const url = `${appUrl(highTier)}/badge-urls`;
      // Reading the addresses never creates them.
      expect((await as('carol').get(url)).body).toEqual({ enabled: false });
      expect((await as('uma').post(url)).status).toBe(403);
      const urls = (await as('carol').post(url)).body;
      expect(urls.overall).toMatch(
        /\/api\/microapps\/public\/badges\/[A-Za-z0-9_-]{32}\/badge\.svg$/,
      );
      expect((await as('alice').get(url)).body).toEqual(urls);
      const pathOf = (address: string) => new URL(address).pathname;
      const anonymous = (address: string) =>
        request(server)
          .get(pathOf(address))
          .buffer(true)
          .parse((response, done) => {
            let body = '';
            response.on('data', chunk => (body += chunk));
            response.on('end', () => done(null, body));
          });
      const overall = await anonymous(urls.overall);
      expect(overall.status).toBe(200);
      expect(overall.body).toContain('Running without required approvals');
      expect((await anonymous(urls.badges['security-review'])).body).toContain(
        'Security review: granted',
      );
      const guessed = urls.overall.replace(
        /badges\/[^/]+\//,
        `badges/${'A'.repeat(32)}/`,
      );
      expect((await anonymous(guessed)).status).toBe(404);

      // A steward rotates them: the old addresses stop working at once.
      const rotated = (await as('sam').post(url)).body;
      expect(rotated.overall).not.toBe(urls.overall);
      expect((await anonymous(urls.overall)).status).toBe(404);
      expect((await anonymous(rotated.overall)).status).toBe(200);
      // The owners take them away.
      expect((await as('carol').delete(url)).status).toBe(204);
      expect((await anonymous(rotated.overall)).status).toBe(404);
      expect((await as('alice').get(url)).body).toEqual({ enabled: false });

      const audit = await as('sam').get(
        `/api/microapps/audit?entityRef=${encodeURIComponent(
          highTierRef,
        )}&limit=3`,
      );
      expect(audit.body.items.map((e: any) => [e.action, e.actor])).toEqual([
        ['public-badges.revoked', 'user:default/carol'],
        ['public-badges.rotated', 'user:default/sam'],
        ['public-badges.created', 'user:default/carol'],
      ]);
    });
  },
);
