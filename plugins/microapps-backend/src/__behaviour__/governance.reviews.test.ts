/*
 * Governance end to end on a portal of real parts (see
 * governance.grants.test.ts): what follows a review. A manifest edited after
 * its badges were granted turns them stale, the steward inbox lists the
 * reviews a steward may act on, the audit log keeps every decision in a
 * chain that detects edits, and the owning team and stewards are notified.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { riskRelevantSpec } from '@trellis/plugin-microapps-common';
import fs from 'fs';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import {
  appUrl,
  editable,
  financeApp,
  governancePortal,
  highTier,
  reviewThenRevokeHighTier,
} from '../__testUtils__/governancePortal';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'governance on a signed-in portal (%s)',
  databaseId => {
    const portal = governancePortal(databases, databaseId);
    const { as, grant, knexByPlugin, editableFile } = portal;

    beforeAll(async () => {
      await portal.start();
      // The audit log and the notifications below read what became of the high-tier app.
      await reviewThenRevokeHighTier(portal);
    });

    afterAll(() => portal.stop());

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

    describe('steward inbox', () => {
      it("lists the reviews a steward may act on, overdue first, then oldest, never their own team's", async () => {
        const res = await as('bob').get('/api/microapps/reviews');
        expect(res.status).toBe(200);
        const items = res.body.items as any[];
        expect(items.length).toBeGreaterThan(0);
        expect(items.every(i => i.badge === 'security-review')).toBe(true);
        expect(items.some(i => i.owner === 'group:default/finance-ops')).toBe(
          false,
        );
        // Overdue ones (the app already runs in a stage that needs the badge) first.
        const overdue = items.map(i => Boolean(i.overdue));
        expect(overdue).toEqual([...overdue].sort((a, b) => +b - +a));
        expect(overdue).toContain(true);
        for (const group of [true, false]) {
          const since = items
            .filter(i => i.overdue === group)
            .map(i => i.since);
          expect(since).toEqual([...since].sort());
        }
        // A pending review has no known start: it is counted from the
        // moment Trellis first saw the app, and the item says so.
        const pending = items.filter(i => i.state === 'pending');
        expect(pending.length).toBeGreaterThan(0);
        expect(pending.every(i => i.sinceFirstSeen === true)).toBe(true);
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
        // Stale since the manifest changed, a moment Trellis knows.
        expect(item).toMatchObject({
          badge: 'production-readiness',
          tier: 'high',
          sinceFirstSeen: false,
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
  },
);
