import type { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  type BadgeId,
  type KillSwitchEngager,
  storableText,
} from '@trellis/plugin-microapps-common';
import type { Knex } from 'knex';
import { migratedClient } from '../shared/database';
import { lockFor } from '../shared/appLock';
import {
  appendAuditEntry,
  type AuditRow,
  toAuditEntry,
} from '../audit/auditChain';
import { listChangeRequestRows, writeChangeRequest } from './changeRequestRows';
import {
  NO_RELEASE_REQUEST,
  releaseKillSwitch,
  toKillSwitch,
} from './killSwitchRows';
import type {
  ApprovalRecord,
  AuditEntry,
  ChangeRequestInput,
  ChangeRequestRecord,
  GovernanceStore,
  GrantInput,
  KillSwitch,
  KillSwitchChange,
  KillSwitchRelease,
  KillSwitchReleaseResult,
  NewAuditEntry,
  PendingNotice,
  RevokeInput,
} from './GovernanceStore';
import type { JsonObject } from '@backstage/types';

type ApprovalRow = {
  entity_ref: string;
  badge: string;
  state: string;
  digest: string;
  reviewed_spec: string;
  approver: string;
  comment: string;
  granted_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_comment: string | null;
  review_required_at?: string | null;
  review_required_by?: string | null;
  version: number;
};

/** Knex implementation of {@link GovernanceStore} for SQLite and PostgreSQL. */
export class DatabaseGovernanceStore implements GovernanceStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseGovernanceStore> {
    return new DatabaseGovernanceStore(await migratedClient(options.database));
  }

  constructor(private readonly knex: Knex) {}

  async listApprovals(entityRef?: string): Promise<ApprovalRecord[]> {
    const query = this.knex<ApprovalRow>('microapps_approvals').select('*');
    if (entityRef)
      query.where('entity_ref', entityRef.toLocaleLowerCase('en-US'));
    return (await query).map(toApproval);
  }

  async grant({
    approval,
    expectedVersion,
    audit,
    verify,
  }: GrantInput): Promise<ApprovalRecord> {
    const entityRef = approval.entityRef.toLocaleLowerCase('en-US');
    const row = {
      entity_ref: entityRef,
      badge: approval.badge,
      state: 'granted',
      digest: approval.digest,
      reviewed_spec: JSON.stringify(approval.reviewedSpec),
      approver: approval.approver,
      comment: approval.comment,
      granted_at: approval.grantedAt,
      expires_at: approval.expiresAt,
      revoked_at: null,
      revoked_by: null,
      revoke_comment: null,
    };
    return this.knex.transaction(async tx => {
      await lockFor(tx, entityRef);
      const current = (
        await tx<ApprovalRow>('microapps_approvals').where(
          'entity_ref',
          entityRef,
        )
      ).map(toApproval);
      const mine = current.find(a => a.badge === approval.badge);
      if (mine?.version !== expectedVersion) {
        throw concurrentChange(approval.badge);
      }
      // Rules over several badges (separation of duties) are decided here,
      // under the app's lock, on what is committed: two grants at once cannot
      // both pass a check that each made before the other wrote.
      verify?.(current);
      if (expectedVersion === undefined) {
        await tx('microapps_approvals').insert({ ...row, version: 1 });
      } else {
        await tx('microapps_approvals')
          .where({ entity_ref: entityRef, badge: approval.badge })
          .update({ ...row, version: expectedVersion + 1 });
      }
      await appendAuditEntry(tx, audit);
      return this.readApproval(tx, entityRef, approval.badge);
    });
  }

  async revoke(input: RevokeInput): Promise<ApprovalRecord> {
    const entityRef = input.entityRef.toLocaleLowerCase('en-US');
    return this.knex.transaction(async tx => {
      await lockFor(tx, entityRef);
      const updated = await tx('microapps_approvals')
        .where({
          entity_ref: entityRef,
          badge: input.badge,
          version: input.expectedVersion,
        })
        .update({
          state: 'revoked',
          revoked_at: input.revokedAt,
          revoked_by: input.revokedBy,
          revoke_comment: input.comment,
          version: input.expectedVersion + 1,
        });
      if (updated === 0) throw concurrentChange(input.badge);
      await appendAuditEntry(tx, input.audit);
      return this.readApproval(tx, entityRef, input.badge);
    });
  }

  listChangeRequests(entityRef?: string): Promise<ChangeRequestRecord[]> {
    return listChangeRequestRows(this.knex, entityRef);
  }

  requestChanges(input: ChangeRequestInput): Promise<ChangeRequestRecord> {
    return writeChangeRequest(this.knex, input);
  }

  async listEngagedKillSwitches(): Promise<string[]> {
    const rows = await this.knex('microapps_kill_switches')
      .where('enabled', true)
      .select('entity_ref');
    return rows.map(row => row.entity_ref);
  }

  async getKillSwitch(entityRef: string): Promise<KillSwitch | undefined> {
    const row = await this.knex('microapps_kill_switches')
      .where('entity_ref', entityRef.toLocaleLowerCase('en-US'))
      .first();
    return row && toKillSwitch(row);
  }

  async setKillSwitch(
    change: KillSwitchChange,
    audit: NewAuditEntry,
  ): Promise<KillSwitch> {
    const entityRef = change.entityRef.toLocaleLowerCase('en-US');
    return this.knex.transaction(async tx => {
      await lockFor(tx, entityRef);
      const currentRow = await tx('microapps_kill_switches')
        .where('entity_ref', entityRef)
        .first();
      const current = currentRow ? toKillSwitch(currentRow) : undefined;
      change.verify?.(current);
      const row = {
        entity_ref: entityRef,
        enabled: change.enabled,
        reason: change.reason,
        updated_by: change.updatedBy,
        updated_at: change.updatedAt,
        engaged_by_role: change.enabled
          ? strongerEngager(
              current?.enabled ? current.engagedByRole : undefined,
              change.engagedByRole ?? 'owner',
            )
          : null,
        version: (current?.version ?? 0) + 1,
        ...NO_RELEASE_REQUEST,
      };
      await tx('microapps_kill_switches')
        .insert(row)
        .onConflict('entity_ref')
        .merge();
      await appendAuditEntry(tx, {
        ...audit,
        details: { ...audit.details, engagedByRole: row.engaged_by_role },
      });
      return toKillSwitch(row);
    });
  }

  releaseKillSwitch(
    release: KillSwitchRelease,
  ): Promise<KillSwitchReleaseResult> {
    return releaseKillSwitch(this.knex, release);
  }

  async listAudit(options: {
    entityRef?: string;
    beforeId?: number;
    limit: number;
  }): Promise<AuditEntry[]> {
    const query = this.knex<AuditRow>('microapps_audit_log')
      .orderBy('id', 'desc')
      .limit(options.limit);
    if (options.entityRef)
      query.where('entity_ref', options.entityRef.toLocaleLowerCase('en-US'));
    if (options.beforeId !== undefined)
      query.where('id', '<', options.beforeId);
    return (await query).map(toAuditEntry);
  }

  async readAuditInOrder(
    afterId: number,
    limit: number,
  ): Promise<AuditEntry[]> {
    const rows = await this.knex<AuditRow>('microapps_audit_log')
      .where('id', '>', afterId)
      .orderBy('id', 'asc')
      .limit(limit);
    return rows.map(toAuditEntry);
  }

  async getAuditHead(): Promise<{ lastId: number; lastHash: string }> {
    const head = await this.knex('microapps_audit_head').where('id', 1).first();
    return { lastId: Number(head.last_id), lastHash: head.last_hash };
  }

  async getPublicBadgeToken(entityRef: string): Promise<string | undefined> {
    const row = await this.knex('microapps_apps')
      .where('entity_ref', entityRef.toLocaleLowerCase('en-US'))
      .first('badge_token');
    return row?.badge_token ?? undefined;
  }

  async setPublicBadgeToken(input: {
    entityRef: string;
    token: string | null;
    now: Date;
    audit: NewAuditEntry;
  }): Promise<void> {
    const entityRef = input.entityRef.toLocaleLowerCase('en-US');
    await this.knex.transaction(async tx => {
      await lockFor(tx, entityRef);
      await tx('microapps_apps')
        .insert({
          entity_ref: entityRef,
          first_seen_at: input.now,
          badge_token: input.token,
        })
        .onConflict('entity_ref')
        .merge(['badge_token']);
      await appendAuditEntry(tx, input.audit);
    });
  }

  async recordNotice(
    key: string,
    notification: JsonObject,
    now: string,
    retryAt: string,
  ): Promise<boolean> {
    const inserted = await this.knex('microapps_notices')
      .insert({
        notice_key: key,
        sent_at: now,
        state: 'pending',
        payload: storableText(JSON.stringify(notification)),
        attempts: 0,
        next_attempt_at: retryAt,
      })
      .onConflict('notice_key')
      .ignore()
      .returning('notice_key');
    return inserted.length > 0;
  }

  async takeDueNotices(
    now: string,
    leaseUntil: string,
    limit: number,
  ): Promise<PendingNotice[]> {
    return this.knex.transaction(async tx => {
      const query = tx('microapps_notices')
        .where('state', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .select('notice_key', 'payload', 'attempts');
      const rows = await (tx.client.config.client === 'pg'
        ? query.forUpdate().skipLocked()
        : query);
      if (rows.length === 0) return [];
      await tx('microapps_notices')
        .whereIn(
          'notice_key',
          rows.map(row => row.notice_key),
        )
        .update({ next_attempt_at: leaseUntil });
      return rows.map(row => ({
        key: row.notice_key,
        notification: JSON.parse(row.payload),
        attempts: Number(row.attempts),
      }));
    });
  }

  async markNoticeSent(key: string, now: string): Promise<void> {
    await this.knex('microapps_notices')
      .where('notice_key', key)
      .update({ state: 'sent', sent_at: now, next_attempt_at: null });
  }

  async markNoticeFailed(
    key: string,
    failure: { attempts: number; retryAt?: string; error: string },
  ): Promise<void> {
    await this.knex('microapps_notices')
      .where('notice_key', key)
      .update({
        state: failure.retryAt ? 'pending' : 'failed',
        attempts: failure.attempts,
        next_attempt_at: failure.retryAt ?? null,
        last_error: storableText(failure.error.slice(0, 2000)),
      });
  }

  private async readApproval(
    tx: Knex.Transaction,
    entityRef: string,
    badge: BadgeId,
  ) {
    const row = await tx<ApprovalRow>('microapps_approvals')
      .where({ entity_ref: entityRef, badge })
      .first();
    return toApproval(row!);
  }
}

function concurrentChange(badge: string) {
  return new ConflictError(
    `${badge} was changed by someone else at the same time; reload and try again`,
  );
}

function toApproval(row: ApprovalRow): ApprovalRecord {
  return {
    entityRef: row.entity_ref,
    badge: row.badge as BadgeId,
    state: row.state as ApprovalRecord['state'],
    digest: row.digest,
    reviewedSpec: JSON.parse(row.reviewed_spec),
    approver: row.approver,
    comment: row.comment,
    grantedAt: row.granted_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at ?? undefined,
    revokedBy: row.revoked_by ?? undefined,
    revokeComment: row.revoke_comment ?? undefined,
    reviewRequiredAt: row.review_required_at ?? undefined,
    reviewRequiredBy: row.review_required_by ?? undefined,
    version: Number(row.version),
  };
}

const ENGAGER_STRENGTH: Record<KillSwitchEngager, number> = {
  owner: 0,
  steward: 1,
  policy: 2,
};

/** A steward's or a policy's engagement is not weakened by the team engaging again. */
function strongerEngager(
  current: KillSwitchEngager | undefined,
  next: KillSwitchEngager,
): KillSwitchEngager {
  return current && ENGAGER_STRENGTH[current] > ENGAGER_STRENGTH[next]
    ? current
    : next;
}
