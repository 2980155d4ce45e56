import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { BadgeId } from '@trellis/plugin-microapps-common';
import type { Knex } from 'knex';
import { auditEntryHash } from '../services/Audit/auditHash';
import type {
  ApprovalRecord,
  AuditEntry,
  GovernanceStore,
  GrantInput,
  KillSwitch,
  NewAuditEntry,
  RevokeInput,
} from './GovernanceStore';

const migrationsDir = resolvePackagePath(
  '@trellis/plugin-microapps-backend',
  'migrations',
);

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
  version: number;
};

type AuditRow = {
  id: number | string;
  occurred_at: string;
  actor: string;
  action: string;
  entity_ref: string | null;
  badge: string | null;
  digest: string | null;
  comment: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
};

/** Knex implementation of {@link GovernanceStore} for SQLite and PostgreSQL. */
export class DatabaseGovernanceStore implements GovernanceStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseGovernanceStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseGovernanceStore(knex);
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
      if (expectedVersion === undefined) {
        // The unique (entity_ref, badge) constraint turns a concurrent first grant into a conflict.
        const inserted = await tx('microapps_approvals')
          .insert({ ...row, version: 1 })
          .onConflict(['entity_ref', 'badge'])
          .ignore()
          .returning('id');
        if (inserted.length === 0) throw concurrentChange(approval.badge);
      } else {
        const updated = await tx('microapps_approvals')
          .where({
            entity_ref: entityRef,
            badge: approval.badge,
            version: expectedVersion,
          })
          .update({ ...row, version: expectedVersion + 1 });
        if (updated === 0) throw concurrentChange(approval.badge);
      }
      await this.appendAudit(tx, audit);
      return this.readApproval(tx, entityRef, approval.badge);
    });
  }

  async revoke(input: RevokeInput): Promise<ApprovalRecord> {
    const entityRef = input.entityRef.toLocaleLowerCase('en-US');
    return this.knex.transaction(async tx => {
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
      await this.appendAudit(tx, input.audit);
      return this.readApproval(tx, entityRef, input.badge);
    });
  }

  async getKillSwitch(entityRef: string): Promise<KillSwitch | undefined> {
    const row = await this.knex('microapps_kill_switches')
      .where('entity_ref', entityRef.toLocaleLowerCase('en-US'))
      .first();
    return row && toKillSwitch(row);
  }

  async setKillSwitch(
    killSwitch: KillSwitch,
    audit: NewAuditEntry,
  ): Promise<KillSwitch> {
    const row = {
      entity_ref: killSwitch.entityRef.toLocaleLowerCase('en-US'),
      enabled: killSwitch.enabled,
      reason: killSwitch.reason,
      updated_by: killSwitch.updatedBy,
      updated_at: killSwitch.updatedAt,
    };
    await this.knex.transaction(async tx => {
      await tx('microapps_kill_switches')
        .insert(row)
        .onConflict('entity_ref')
        .merge();
      await this.appendAudit(tx, audit);
    });
    return toKillSwitch(row);
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

  async claimNotice(key: string, now: string): Promise<boolean> {
    const inserted = await this.knex('microapps_notices')
      .insert({ notice_key: key, sent_at: now })
      .onConflict('notice_key')
      .ignore()
      .returning('notice_key');
    return inserted.length > 0;
  }

  /**
   * Appends an entry to the hash chain inside the caller's transaction. The
   * head row is locked on PostgreSQL so that replicas append one at a time;
   * SQLite serialises write transactions anyway.
   */
  private async appendAudit(
    tx: Knex.Transaction,
    entry: NewAuditEntry,
  ): Promise<void> {
    const headQuery = tx('microapps_audit_head').where('id', 1).first();
    const head = await (tx.client.config.client === 'pg'
      ? headQuery.forUpdate()
      : headQuery);
    const id = Number(head.last_id) + 1;
    const withLink = { ...entry, id, prevHash: head.last_hash as string };
    const hash = auditEntryHash(withLink);
    await tx('microapps_audit_log').insert({
      id,
      occurred_at: entry.occurredAt,
      actor: entry.actor,
      action: entry.action,
      entity_ref: entry.entityRef?.toLocaleLowerCase('en-US') ?? null,
      badge: entry.badge ?? null,
      digest: entry.digest ?? null,
      comment: entry.comment ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
      prev_hash: withLink.prevHash,
      hash,
    });
    await tx('microapps_audit_head')
      .where('id', 1)
      .update({ last_id: id, last_hash: hash });
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
    version: Number(row.version),
  };
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    occurredAt: row.occurred_at,
    actor: row.actor,
    action: row.action,
    entityRef: row.entity_ref ?? undefined,
    badge: row.badge ?? undefined,
    digest: row.digest ?? undefined,
    comment: row.comment ?? undefined,
    details: row.details ? JSON.parse(row.details) : undefined,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function toKillSwitch(row: any): KillSwitch {
  return {
    entityRef: row.entity_ref,
    enabled: Boolean(row.enabled),
    reason: row.reason,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}
