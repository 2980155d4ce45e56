import { TestDatabases } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import type { BadgeId } from '@trellis/plugin-microapps-common';
import { verifyAuditLog } from '../audit/verifyAuditLog';
import { governanceText } from './governanceText';
import { badgeAlreadyGrantedBy } from './separationOfDuties';
import { DatabaseGovernanceStore } from './DatabaseGovernanceStore';
import type { GrantInput } from './GovernanceStore';

const databases = TestDatabases.create();

const STEWARD = 'user:default/maya';

function grantInput(
  entityRef: string,
  badge: BadgeId,
  comment = 'Reviewed',
): GrantInput {
  const now = new Date().toISOString();
  return {
    approval: {
      entityRef,
      badge,
      digest: 'sha256:1',
      reviewedSpec: {} as GrantInput['approval']['reviewedSpec'],
      approver: STEWARD,
      comment,
      grantedAt: now,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
    audit: {
      occurredAt: now,
      actor: STEWARD,
      action: 'badge.granted',
      entityRef,
      badge,
      digest: 'sha256:1',
      comment,
    },
    // The high-tier rule, as Approvals checks it.
    verify: committed => {
      const other = badgeAlreadyGrantedBy(
        'high',
        badge,
        STEWARD,
        committed,
        a => a.state === 'granted',
      );
      if (other) throw new NotAllowedError(`already granted ${other}`);
    },
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseGovernanceStore (%s)',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGovernanceStore.create({
        database: { getClient: async () => knex },
      });
      return { knex, store };
    }

    it('lets exactly one of two concurrent grants by one steward of a high-tier app through', async () => {
      const { store } = await createStore();
      for (let i = 0; i < 12; i++) {
        const entityRef = `microapp:default/high-${i}`;
        const results = await Promise.allSettled([
          store.grant(grantInput(entityRef, 'security-review')),
          store.grant(grantInput(entityRef, 'compliance-review')),
        ]);
        expect(results.map(r => r.status).sort()).toEqual([
          'fulfilled',
          'rejected',
        ]);
        const refused = results.find(r => r.status === 'rejected') as
          | PromiseRejectedResult
          | undefined;
        expect(refused?.reason).toBeInstanceOf(NotAllowedError);
        const granted = await store.listApprovals(entityRef);
        expect(granted).toHaveLength(1);
      }
      expect((await verifyAuditLog(store)).valid).toBe(true);
    });

    it('keeps the audit chain valid whatever the text of comments and refs', async () => {
      const { store } = await createStore();
      const comments = [
        'lone high surrogate \ud83d here',
        'lone low surrogate \ude00 here',
        'reversed pair \ude00\ud83d',
        'emoji 😀 and flags 🇩🇪 and ZWJ 👩‍💻',
        'right-to-left \u202e override',
        'combining: e\u0301 vs \u00e9',
        'tabs\tand\nline breaks\r\nkept',
        `${'long '.repeat(700)}end`,
        '\ufeffbyte order mark',
        "<script>alert(1)</script> '; DROP TABLE x; --",
      ].map(text =>
        governanceText(text, { field: 'comment', action: 'grant' }),
      );
      let i = 0;
      for (const comment of comments) {
        // A mixed-case ref: stored lower-case, and hashed as stored.
        await store.grant({
          ...grantInput(
            `microapp:default/Mixed-Case-${i++}`,
            'security-review',
            comment,
          ),
          verify: undefined,
        });
      }
      const verification = await verifyAuditLog(store);
      expect(verification).toMatchObject({
        valid: true,
        entries: comments.length,
      });
      const [newest] = await store.listAudit({ limit: 1 });
      expect(newest.comment).toBe(comments[comments.length - 1]);
      expect(newest.entityRef).toBe(`microapp:default/mixed-case-${i - 1}`);
    });

    it('engages and releases a kill switch under its version, and keeps a steward engagement', async () => {
      const { store } = await createStore();
      const entityRef = 'microapp:default/killed';
      const audit = (action: string) => ({
        occurredAt: new Date().toISOString(),
        actor: STEWARD,
        action,
        entityRef,
        comment: action,
      });
      const change = {
        entityRef,
        reason: 'incident',
        updatedBy: STEWARD,
        updatedAt: new Date().toISOString(),
      };
      const bySteward = await store.setKillSwitch(
        { ...change, enabled: true, engagedByRole: 'steward' },
        audit('killswitch.enabled'),
      );
      expect(bySteward).toMatchObject({
        enabled: true,
        engagedByRole: 'steward',
        version: 1,
      });
      // The owning team engaging it again does not weaken the steward's hold.
      const again = await store.setKillSwitch(
        { ...change, enabled: true, engagedByRole: 'owner' },
        audit('killswitch.enabled'),
      );
      expect(again).toMatchObject({ engagedByRole: 'steward', version: 2 });
      // A release decided on version 1 is refused inside the transaction.
      await expect(
        store.setKillSwitch(
          {
            ...change,
            enabled: false,
            verify: current => {
              if (current?.version !== 1) throw new Error('changed meanwhile');
            },
          },
          audit('killswitch.disabled'),
        ),
      ).rejects.toThrow('changed meanwhile');
      expect(await store.getKillSwitch(entityRef)).toMatchObject({
        enabled: true,
        version: 2,
      });
      expect((await verifyAuditLog(store)).valid).toBe(true);
    });

    it('keeps the latest change request per badge, with its audit entry', async () => {
      const { store } = await createStore();
      const entityRef = 'microapp:default/Invoice';
      const request = (comment: string, requestedAt: string) => ({
        entityRef,
        badge: 'security-review' as const,
        digest: 'sha256:1',
        requestedBy: STEWARD,
        requestedAt,
        comment,
        audit: {
          occurredAt: requestedAt,
          actor: STEWARD,
          action: 'badge.changes-requested',
          entityRef,
          badge: 'security-review',
          digest: 'sha256:1',
          comment,
        },
      });
      await store.requestChanges(request('Add a DPA', '2026-12-01T00:00:00Z'));
      await store.requestChanges(request('Drop PII', '2026-12-02T00:00:00Z'));
      const { audit: _audit, ...latest } = request(
        'Drop PII',
        '2026-12-02T00:00:00Z',
      );
      expect(await store.listChangeRequests(entityRef)).toEqual([
        { ...latest, entityRef: entityRef.toLocaleLowerCase('en-US') },
      ]);
      expect(await store.listChangeRequests('microapp:default/other')).toEqual(
        [],
      );
      const entries = await store.listAudit({ entityRef, limit: 10 });
      expect(entries.map(e => [e.action, e.comment])).toEqual([
        ['badge.changes-requested', 'Drop PII'],
        ['badge.changes-requested', 'Add a DPA'],
      ]);
      expect((await verifyAuditLog(store)).valid).toBe(true);
    });
  },
);
