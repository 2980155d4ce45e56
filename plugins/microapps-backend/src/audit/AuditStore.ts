import type { JsonObject } from '@backstage/types';

/** One entry of the append-only audit log. */
export interface AuditEntry {
  id: number;
  occurredAt: string;
  actor: string;
  action: string;
  entityRef?: string;
  badge?: string;
  digest?: string;
  comment?: string;
  details?: JsonObject;
  prevHash: string;
  hash: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'prevHash' | 'hash'>;

/**
 * Reading the audit log. Entries are appended by the stores that make the
 * change they record, in the same transaction (`appendAuditEntry`).
 */
export interface AuditStore {
  /** Newest first. */
  listAudit(options: {
    entityRef?: string;
    beforeId?: number;
    limit: number;
  }): Promise<AuditEntry[]>;
  /** Oldest first, from `afterId` on. */
  readAuditInOrder(afterId: number, limit: number): Promise<AuditEntry[]>;
  getAuditHead(): Promise<{ lastId: number; lastHash: string }>;
}
