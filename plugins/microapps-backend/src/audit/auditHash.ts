import { canonicalJson } from '@trellis/plugin-microapps-common';
import { createHash } from 'crypto';
import type { AuditEntry } from './AuditStore';

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over the canonical encoding of every field of the entry but its own hash. */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const encoded = canonicalJson({
    id: entry.id,
    occurredAt: entry.occurredAt,
    actor: entry.actor,
    action: entry.action,
    entityRef: entry.entityRef ?? null,
    badge: entry.badge ?? null,
    digest: entry.digest ?? null,
    comment: entry.comment ?? null,
    details: entry.details ?? null,
    prevHash: entry.prevHash,
  });
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}
