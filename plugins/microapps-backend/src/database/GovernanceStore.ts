import type { JsonObject } from '@backstage/types';
import type {
  BadgeId,
  RiskRelevantSpec,
} from '@trellis/plugin-microapps-common';

/** The current approval of one badge of one app. Times are ISO 8601 strings. */
export interface ApprovalRecord {
  entityRef: string;
  badge: BadgeId;
  /** What was last done; `stale` and `expired` are derived when read. */
  state: 'granted' | 'revoked';
  digest: string;
  reviewedSpec: RiskRelevantSpec;
  approver: string;
  comment: string;
  grantedAt: string;
  expiresAt: string;
  revokedAt?: string;
  revokedBy?: string;
  revokeComment?: string;
  /** Bumped on every write; a write that expected another version lost a race. */
  version: number;
}

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

export interface KillSwitch {
  entityRef: string;
  enabled: boolean;
  reason: string;
  updatedBy: string;
  updatedAt: string;
}

export interface GrantInput {
  approval: Omit<
    ApprovalRecord,
    'state' | 'version' | 'revokedAt' | 'revokedBy' | 'revokeComment'
  >;
  /** The version the caller saw, or undefined when there was no approval yet. */
  expectedVersion?: number;
  audit: NewAuditEntry;
}

export interface RevokeInput {
  entityRef: string;
  badge: BadgeId;
  revokedBy: string;
  revokedAt: string;
  comment: string;
  expectedVersion: number;
  audit: NewAuditEntry;
}

/**
 * Approvals, the audit log and kill switches. Every change is written in the
 * same transaction as its audit entry.
 */
export interface GovernanceStore {
  listApprovals(entityRef?: string): Promise<ApprovalRecord[]>;
  /** Throws ConflictError when another write got there first. */
  grant(input: GrantInput): Promise<ApprovalRecord>;
  /** Throws ConflictError when another write got there first. */
  revoke(input: RevokeInput): Promise<ApprovalRecord>;
  getKillSwitch(entityRef: string): Promise<KillSwitch | undefined>;
  setKillSwitch(
    killSwitch: KillSwitch,
    audit: NewAuditEntry,
  ): Promise<KillSwitch>;
  /** Newest first. */
  listAudit(options: {
    entityRef?: string;
    beforeId?: number;
    limit: number;
  }): Promise<AuditEntry[]>;
  /** Oldest first, from `afterId` on. */
  readAuditInOrder(afterId: number, limit: number): Promise<AuditEntry[]>;
  getAuditHead(): Promise<{ lastId: number; lastHash: string }>;
  /** Records a notice as sent; false when it had been sent already. */
  claimNotice(key: string, now: string): Promise<boolean>;
}
