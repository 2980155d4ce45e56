/*
 * Governance end to end on the example portal's own parts: development
 * sign-in tokens, the real auth, permission and catalog backends, the example
 * steward policy, the MicroApp catalog module and the microapps plugin, on
 * every database TestDatabases reaches.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import {
  evaluateRisk,
  type MicroAppEntity,
  requiredBadges,
  riskRelevantSpec,
} from '@trellis/plugin-microapps-common';
import fs from 'fs';
import type { Knex } from 'knex';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import {
  EXAMPLE_CATALOG_FILES,
  exampleApps,
  models,
  signIn,
  startExamplePortal,
} from './__testUtils__/examplePortal';

jest.setTimeout(180_000);

const tierOf = (app: MicroAppEntity) => evaluateRisk(app.spec, { models }).tier;

// The apps these tests act on, picked from the example catalog by their properties.
const highTier = exampleApps.find(
  a => tierOf(a) === 'high' && a.spec.owner === 'group:default/people-ops',
)!;
const financeApp = exampleApps.find(
  a => a.spec.owner === 'group:default/finance-ops' && tierOf(a) !== 'low',
)!;
const financeRef = `microapp:default/${financeApp.metadata.name}`;
/** Another high-tier app, for simultaneous grants. */
const concurrentHighTier = exampleApps.find(
  a =>
    tierOf(a) === 'high' &&
    a !== highTier &&
    ![
      'group:default/security-stewards',
      'group:default/compliance-stewards',
    ].includes(a.spec.owner),
)!;
const highTierRef = `microapp:default/${highTier.metadata.name}`;
const mediumTier = exampleApps.find(
  a => tierOf(a) === 'medium' && a.spec.owner !== 'group:default/finance-ops',
)!;

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'governance on the example portal (%s)',
  databaseId => {
    let server: any;
    let stop: () => Promise<void>;
    const knexByPlugin = new Map<string, Knex>();
    const tokens = new Map<string, string>();
    // A manifest the tests edit, to see badges go stale.
    const workDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'trellis-governance-'),
    );
    const editableFile = path.join(workDir, 'editable.yaml');
    // A sub-team of finance-ops whose member pat is also a security steward.
    const subTeamFile = path.join(workDir, 'sub-team.yaml');
    const subTeam = [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'finance-payables' },
        spec: { type: 'team', parent: 'finance-ops', children: [] },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'pat' },
        spec: {
          profile: { displayName: 'Pat Payables' },
          memberOf: ['finance-payables', 'security-stewards'],
        },
      },
    ];
    const editable: MicroAppEntity = {
      ...structuredClone(highTier),
      metadata: {
        ...highTier.metadata,
        name: 'editable-high-tier-app',
        title: 'Editable high-tier app',
      },
    };

    beforeAll(async () => {
      fs.writeFileSync(editableFile, toYaml(editable));
      fs.writeFileSync(
        subTeamFile,
        subTeam.map(entity => toYaml(entity)).join('---\n'),
      );
      const backend = await startExamplePortal({
        databases,
        databaseId,
        catalogFiles: [...EXAMPLE_CATALOG_FILES, editableFile, subTeamFile],
        microapps: { notifications: { scanIntervalSeconds: 1 } },
        features: [notificationsPlugin],
        onDatabase: (pluginId, knex) => knexByPlugin.set(pluginId, knex),
      });
      server = backend.server;
      stop = () => backend.stop();
      const users = [
        'maya',
        'nora',
        'oscar',
        'quentin',
        'sam',
        'bob',
        'alice',
        'carol',
        'uma',
        'pat',
      ];
      for (const [user, token] of await signIn(server, users))
        tokens.set(user, token);
      // Wait until the catalog has processed every MicroApp.
      for (let i = 0; i < 240; i++) {
        const res = await as('maya').get('/api/microapps/apps?limit=1');
        if (res.body.totalItems === exampleApps.length + 1) break;
        await new Promise(r => setTimeout(r, 250));
      }
    });

    afterAll(async () => {
      await stop?.();
      fs.rmSync(workDir, { recursive: true, force: true });
    });

    function as(user: string) {
      const auth = { Authorization: `Bearer ${tokens.get(user)}` };
      return {
        get: (url: string) => request(server).get(url).set(auth),
        text: async (url: string) => {
          const res = await request(server)
            .get(url)
            .set(auth)
            .buffer(true)
            .parse((response, done) => {
              let body = '';
              response.setEncoding('utf8');
              response.on('data', chunk => (body += chunk));
              response.on('end', () => done(null, body));
            });
          return {
            status: res.status,
            type: res.headers['content-type'],
            body: res.body as string,
          };
        },
        post: (url: string, body?: object) =>
          request(server).post(url).set(auth).send(body),
        delete: (url: string) => request(server).delete(url).set(auth),
      };
    }
    const appUrl = (app: MicroAppEntity) =>
      `/api/microapps/apps/default/${app.metadata.name}`;
    const grant = (
      user: string,
      app: MicroAppEntity,
      badge: string,
      comment: unknown = `Reviewed by ${user}`,
    ) => as(user).post(`${appUrl(app)}/badges/${badge}/grant`, { comment });
    const revoke = (
      user: string,
      app: MicroAppEntity,
      badge: string,
      comment: unknown = `Revoked by ${user}`,
    ) => as(user).post(`${appUrl(app)}/badges/${badge}/revoke`, { comment });

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
        expect(last.body.gates.production).toEqual({
          stage: 'production',
          allowed: true,
          missing: [],
          reasons: [],
        });
        expect(await gate()).toEqual({
          stage: 'production',
          allowed: true,
          missing: [],
          reasons: [],
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

    it('turns badges stale when the manifest changes materially, and a re-grant restores the gate', async () => {
      for (const [user, badge] of [
        ['nora', 'security-review'],
        ['oscar', 'compliance-review'],
        ['quentin', 'executive-signoff'],
        ['sam', 'production-readiness'],
      ]) {
        expect((await grant(user, editable, badge)).status).toBe(200);
      }
      expect(
        (await as('sam').get(`${appUrl(editable)}/gate?stage=production`)).body
          .allowed,
      ).toBe(true);
      const before = (await as('sam').get(appUrl(editable))).body.digest;

      // The owner sends raw personal data and adds an outbound host, as a manifest edit in Git would.
      const changed = structuredClone(editable);
      expect(changed.spec.data.pii).not.toBe('raw');
      changed.spec.data.pii = 'raw';
      changed.spec.egress = [
        ...(changed.spec.egress ?? []),
        'api.newvendor.example',
      ];
      fs.writeFileSync(editableFile, toYaml(changed));
      await as('sam').post('/api/catalog/refresh', {
        entityRef: `microapp:default/${editable.metadata.name}`,
      });
      let detail: any;
      for (let i = 0; i < 240; i++) {
        detail = (await as('sam').get(appUrl(editable))).body;
        if (detail.digest !== before) break;
        await new Promise(r => setTimeout(r, 250));
      }
      expect(detail.digest).not.toBe(before);
      expect(detail.badges.map((b: any) => b.state)).toEqual([
        'stale',
        'stale',
        'stale',
        'stale',
      ]);
      expect(detail.badges[0].changes).toEqual([
        { field: 'data.pii', before: editable.spec.data.pii, after: 'raw' },
        {
          field: 'egress',
          before: riskRelevantSpec(editable.spec).egress,
          after: riskRelevantSpec(changed.spec).egress,
        },
      ]);
      const gate = (
        await as('sam').get(`${appUrl(editable)}/gate?stage=production`)
      ).body;
      expect(gate.allowed).toBe(false);
      expect(gate.reasons[0]).toContain(
        'Security review is stale (changed since review: data.pii, egress)',
      );

      // The stewards review the change and grant again.
      for (const [user, badge] of [
        ['nora', 'security-review'],
        ['oscar', 'compliance-review'],
        ['quentin', 'executive-signoff'],
        ['sam', 'production-readiness'],
      ]) {
        expect((await grant(user, editable, badge)).status).toBe(200);
      }
      expect(
        (await as('sam').get(`${appUrl(editable)}/gate?stage=production`)).body
          .allowed,
      ).toBe(true);
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

    describe('kill switch', () => {
      const financeUrl = () => `${appUrl(financeApp)}/kill-switch`;

      it('lets the owning team and platform stewards engage it, and nobody else', async () => {
        expect(
          (await as('uma').post(financeUrl(), { enabled: true, reason: 'x' }))
            .status,
        ).toBe(403);
        expect(
          (await as('carol').post(financeUrl(), { enabled: true, reason: 'x' }))
            .status,
        ).toBe(403);
        expect(
          (await as('alice').post(financeUrl(), { enabled: true })).status,
        ).toBe(400);
        expect(
          (
            await as('alice').post(financeUrl(), {
              enabled: 'yes',
              reason: 'x',
            })
          ).status,
        ).toBe(400);
        const on = await as('alice').post(financeUrl(), {
          enabled: true,
          reason: 'Leaking invoice numbers',
        });
        expect(on.status).toBe(200);
        expect(on.body).toMatchObject({
          enabled: true,
          reason: 'Leaking invoice numbers',
          updatedBy: 'user:default/alice',
          engagedByRole: 'owner',
          releasableBy: 'owners-or-stewards',
        });
        const read = await as('uma').get(financeUrl());
        expect(read.body.enabled).toBe(true);
        const gate = await as('uma').get(
          `${appUrl(financeApp)}/gate?stage=canary`,
        );
        expect(gate.body.reasons).toContain(
          'The kill switch is on: Leaking invoice numbers',
        );
        // The team may release what the team engaged.
        const off = await as('alice').post(financeUrl(), {
          enabled: false,
          reason: 'Fixed in 2.1.1',
        });
        expect(off.status).toBe(200);
        expect(off.body.enabled).toBe(false);
        expect(
          (
            await as('alice').post(financeUrl(), {
              enabled: false,
              reason: 'x',
            })
          ).status,
        ).toBe(409);
      });

      it('keeps a switch a steward engaged on until a steward releases it, whatever the owners do', async () => {
        const on = await as('nora').post(financeUrl(), {
          enabled: true,
          reason: 'Incident 4711: prompt leak',
        });
        expect(on.body).toMatchObject({
          enabled: true,
          engagedByRole: 'steward',
          releasableBy: 'stewards',
          releaseStewardRoles: ['security', 'platform'],
        });
        const ownerOff = await as('alice').post(financeUrl(), {
          enabled: false,
          reason: 'We fixed it',
        });
        expect(ownerOff.status).toBe(403);
        expect(ownerOff.body.error.message).toBe(
          `You may not turn off the kill switch of ${financeRef}: a steward turned it on, so only the security or platform stewards may turn it off`,
        );
        // Engaging again as the owners does not weaken the steward's hold.
        expect(
          (
            await as('alice').post(financeUrl(), {
              enabled: true,
              reason: 'Also stopping it',
            })
          ).body.releasableBy,
        ).toBe('stewards');
        expect(
          (
            await as('alice').post(financeUrl(), {
              enabled: false,
              reason: 'We fixed it',
            })
          ).status,
        ).toBe(403);
        expect((await as('uma').get(financeUrl())).body.enabled).toBe(true);
        const gate = await as('uma').get(
          `${appUrl(financeApp)}/gate?stage=canary`,
        );
        expect(gate.body.allowed).toBe(false);

        const off = await as('sam').post(financeUrl(), {
          enabled: false,
          reason: 'Incident 4711 closed',
        });
        expect(off.status).toBe(200);
        expect(off.body).toEqual({
          entityRef: financeRef,
          enabled: false,
          reason: 'Incident 4711 closed',
          updatedBy: 'user:default/sam',
          updatedAt: expect.any(String),
        });
      });
    });

    describe('steward inbox', () => {
      it("lists the reviews a steward may act on, oldest first, never their own team's", async () => {
        const res = await as('bob').get('/api/microapps/reviews');
        expect(res.status).toBe(200);
        const items = res.body.items as any[];
        expect(items.length).toBeGreaterThan(0);
        expect(items.every(i => i.badge === 'security-review')).toBe(true);
        expect(items.some(i => i.owner === 'group:default/finance-ops')).toBe(
          false,
        );
        const since = items.map(i => i.since);
        expect(since).toEqual([...since].sort());
        expect(
          (await as('uma').get('/api/microapps/reviews')).body.items,
        ).toEqual([]);
      });

      it('shows what changed for a stale badge', async () => {
        // The editable app is granted again by now; make it stale once more.
        const changed = parseYaml(fs.readFileSync(editableFile, 'utf8'));
        changed.spec.reach = 'external';
        fs.writeFileSync(editableFile, toYaml(changed));
        await as('sam').post('/api/catalog/refresh', {
          entityRef: `microapp:default/${editable.metadata.name}`,
        });
        let item: any;
        for (let i = 0; i < 240 && !item; i++) {
          const items = (await as('sam').get('/api/microapps/reviews')).body
            .items as any[];
          item = items.find(
            x =>
              x.entityRef === `microapp:default/${editable.metadata.name}` &&
              x.state === 'stale' &&
              x.changes?.some((c: any) => c.field === 'reach'),
          );
          if (!item) await new Promise(r => setTimeout(r, 250));
        }
        expect(item).toMatchObject({
          badge: 'production-readiness',
          tier: 'high',
        });
        expect(item.changes).toEqual([
          { field: 'reach', before: editable.spec.reach, after: 'external' },
        ]);
      });
    });

    describe('audit log', () => {
      it('is readable by stewards only', async () => {
        expect((await as('uma').get('/api/microapps/audit')).status).toBe(403);
        const res = await as('maya').get(
          `/api/microapps/audit?entityRef=microapp:default/${highTier.metadata.name}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.items[0]).toMatchObject({
          action: 'badge.revoked',
          actor: 'user:default/sam',
          badge: 'production-readiness',
          comment: 'Load test failed',
        });
      });

      it('exports every entry as JSON lines', async () => {
        const res = await as('maya').get('/api/microapps/audit/export');
        expect(res.headers['content-type']).toContain('application/x-ndjson');
        const lines = res.text
          .trim()
          .split('\n')
          .map(line => JSON.parse(line));
        const verified = (await as('maya').get('/api/microapps/audit/verify'))
          .body;
        expect(verified).toMatchObject({ valid: true, entries: lines.length });
        expect(lines.map(l => l.id)).toEqual(lines.map((_, i) => i + 1));
      });

      it('detects an edited row, a deleted row and a deleted newest row', async () => {
        const knex = knexByPlugin.get('microapps')!;
        const verify = async () =>
          (await as('maya').get('/api/microapps/audit/verify')).body;
        expect((await verify()).valid).toBe(true);
        const log = () => knex('microapps_audit_log');

        const third = await log().where({ id: 3 }).first();
        await log().where({ id: 3 }).update({ comment: 'Looks fine to me' });
        expect(await verify()).toMatchObject({
          valid: false,
          firstBrokenId: 3,
          reason: 'entry 3 was changed after it was written',
        });
        await log().where({ id: 3 }).update({ comment: third.comment });
        expect((await verify()).valid).toBe(true);

        const fifth = await log().where({ id: 5 }).first();
        await log().where({ id: 5 }).delete();
        expect(await verify()).toMatchObject({
          valid: false,
          firstBrokenId: 5,
          reason: 'entry 5 is missing',
        });
        await log().insert(fifth);

        const newest = await log().orderBy('id', 'desc').first();
        await log().where({ id: newest.id }).delete();
        expect(await verify()).toMatchObject({
          valid: false,
          firstBrokenId: Number(newest.id),
        });
        await log().insert(newest);
        expect((await verify()).valid).toBe(true);
      });
    });

    describe('notifications', () => {
      const titlesFor = async (user: string, matching: RegExp) => {
        for (let i = 0; i < 120; i++) {
          const res = await as(user).get(
            '/api/notifications/notifications?limit=200',
          );
          const titles = (res.body.notifications ?? []).map(
            (n: any) => n.payload.title as string,
          );
          const found = titles.filter((t: string) => matching.test(t));
          if (found.length) return found;
          await new Promise(r => setTimeout(r, 250));
        }
        return [];
      };
      const highTitle = highTier.metadata.title!;

      it('tells the owning team when a badge is granted or revoked', async () => {
        // carol is in people-ops, which owns the high-tier app.
        expect(
          await titlesFor(
            'carol',
            new RegExp(`^Security review granted for ${highTitle}$`),
          ),
        ).toHaveLength(1);
        expect(
          await titlesFor(
            'carol',
            new RegExp(`^Production readiness revoked for ${highTitle}$`),
          ),
        ).toHaveLength(1);
      });

      it('tells stewards and owners once when a badge goes stale', async () => {
        const title =
          /^Production readiness of Editable high-tier app is stale$/;
        expect(await titlesFor('sam', title)).toHaveLength(1);
        expect(await titlesFor('carol', title)).toHaveLength(1);
      });

      it('tells stewards when a review is needed, never about their own team', async () => {
        const needed = await titlesFor('nora', /^Security review needed for /);
        expect(needed.length).toBeGreaterThan(0);
        const bobs = await titlesFor('bob', /^Security review needed for /);
        const financeTitle = financeApp.metadata.title!;
        expect(bobs.some((t: string) => t.endsWith(financeTitle))).toBe(false);
      });
    });

    it('renders badges as SVG', async () => {
      const res = await as('uma').text(
        `${appUrl(highTier)}/badges/security-review.svg`,
      );
      expect(res.status).toBe(200);
      expect(res.type).toContain('image/svg+xml');
      expect(res.body).toContain('Security review: granted');
      // production-readiness was revoked above, so the production app is blocked.
      const overall = await as('uma').text(`${appUrl(highTier)}/badge.svg`);
      expect(overall.body).toContain('blocked');
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
      expect(overall.body).toContain('blocked');
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
