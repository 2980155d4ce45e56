import { storableText } from '@trellis/plugin-microapps-common';
import type { Knex } from 'knex';
import { auditEntryHash } from './auditHash';
import type { AuditEntry, NewAuditEntry } from './AuditStore';

/** A row of `microapps_audit_log`. */
export type AuditRow = {
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

export function toAuditEntry(row: AuditRow): AuditEntry {
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

/**
 * Appends an entry to the audit log's hash chain inside the caller's
 * transaction, so that a change and its entry commit together. The head row
 * is locked on PostgreSQL so that replicas append one at a time; SQLite
 * serialises write transactions anyway.
 */
export async function appendAuditEntry(
  tx: Knex.Transaction,
  entry: NewAuditEntry,
): Promise<void> {
  const headQuery = tx('microapps_audit_head').where('id', 1).first();
  const head = await (tx.client.config.client === 'pg'
    ? headQuery.forUpdate()
    : headQuery);
  const row: AuditRow = {
    id: Number(head.last_id) + 1,
    occurred_at: entry.occurredAt,
    actor: storableText(entry.actor),
    action: entry.action,
    entity_ref: entry.entityRef?.toLocaleLowerCase('en-US') ?? null,
    badge: entry.badge ?? null,
    digest: entry.digest ?? null,
    comment: entry.comment === undefined ? null : storableText(entry.comment),
    details: entry.details ? storableText(JSON.stringify(entry.details)) : null,
    prev_hash: head.last_hash as string,
    hash: '',
  };
  // The hash covers the entry exactly as it is stored and read back, so
  // that verification recomputes the same value.
  row.hash = auditEntryHash(toAuditEntry(row));
  await tx('microapps_audit_log').insert(row);
  await tx('microapps_audit_head')
    .where('id', 1)
    .update({ last_id: row.id, last_hash: row.hash });
}
