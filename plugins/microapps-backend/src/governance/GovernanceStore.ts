import type { JsonObject } from '@backstage/types';
import type {
  BadgeId,
  KillSwitchEngager,
  RiskRelevantSpec,
} from '@trellis/plugin-microapps-common';
import type { AuditStore, NewAuditEntry } from '../audit/AuditStore';

export type { AuditEntry, NewAuditEntry } from '../audit/AuditStore';

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
  /**
   * When a policy's `require-review` action asked for a new review: a grant
   * made before this time counts as stale.
   */
  reviewRequiredAt?: string;
  /** The id of the policy that asked for the new review. */
  reviewRequiredBy?: string;
  /** Bumped on every write; a write that expected another version lost a race. */
  version: number;
}

export interface KillSwitch {
  entityRef: string;
  enabled: boolean;
  reason: string;
  updatedBy: string;
  updatedAt: string;
  /** While on: who engaged it. */
  engagedByRole?: KillSwitchEngager;
  /**
   * While on: the first of two stewards' confirmations to release it, made
   * on this version of the switch (a request on an older version is void).
   */
  releaseRequest?: KillSwitchReleaseRequest;
  /** Bumped on every engage and release; not by a release request. */
  version: number;
}

/** A steward's request to release a switch, which a second steward confirms. */
export interface KillSwitchReleaseRequest {
  requestedBy: string;
  requestedAt: string;
  reason: string;
}

/**
 * Releasing a switch: at once, or in two steps, where the first steward's
 * confirmation is recorded and a second steward's releases it.
 */
export interface KillSwitchRelease {
  entityRef: string;
  /** Who releases (or asks to release) now, why, and when. */
  actor: string;
  reason: string;
  at: string;
  /**
   * Called inside the transaction, under a lock on the app, with the switch
   * as committed: `release` turns it off, `request` records the caller's
   * confirmation for a second steward to complete. Throws to refuse.
   */
  decide: (current: KillSwitch | undefined) => 'release' | 'request';
  /** The audit entry of the decision, written in the same transaction. */
  audit: (
    decision: 'release' | 'request',
    current: KillSwitch,
  ) => NewAuditEntry;
}

/** What a release did: the switch before and after, and which step it was. */
export interface KillSwitchReleaseResult {
  decision: 'release' | 'request';
  before: KillSwitch;
  after: KillSwitch;
}

export interface KillSwitchChange {
  entityRef: string;
  enabled: boolean;
  reason: string;
  updatedBy: string;
  updatedAt: string;
  /** For engaging: who engages it now. */
  engagedByRole?: KillSwitchEngager;
  /**
   * Checked inside the change's transaction, under a lock on the app, with
   * the switch as committed; throws to refuse the change.
   */
  verify?: (current: KillSwitch | undefined) => void;
}

/** A notice whose sending has not succeeded yet. */
export interface PendingNotice {
  key: string;
  notification: JsonObject;
  /** Failed attempts so far. */
  attempts: number;
}

export interface GrantInput {
  approval: Omit<
    ApprovalRecord,
    'state' | 'version' | 'revokedAt' | 'revokedBy' | 'revokeComment'
  >;
  /** The version the caller saw, or undefined when there was no approval yet. */
  expectedVersion?: number;
  audit: NewAuditEntry;
  /**
   * Checked inside the grant's transaction, under a lock on the app, with the
   * app's committed approvals; throws to refuse the grant.
   */
  verify?: (approvals: ApprovalRecord[]) => void;
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

/** A steward's latest request for changes on one badge of one app. */
export interface ChangeRequestRecord {
  entityRef: string;
  badge: BadgeId;
  /** The manifest digest the request was made on: a changed manifest answers it. */
  digest: string;
  requestedBy: string;
  requestedAt: string;
  comment: string;
}

export interface ChangeRequestInput extends ChangeRequestRecord {
  audit: NewAuditEntry;
}

/**
 * Approvals, the audit log and kill switches. Every change is written in the
 * same transaction as its audit entry.
 */
export interface GovernanceStore extends AuditStore {
  listApprovals(entityRef?: string): Promise<ApprovalRecord[]>;
  /** Throws ConflictError when another write got there first. */
  grant(input: GrantInput): Promise<ApprovalRecord>;
  /** Throws ConflictError when another write got there first. */
  revoke(input: RevokeInput): Promise<ApprovalRecord>;
  /** The latest change request per badge, of one app or of every app. */
  listChangeRequests(entityRef?: string): Promise<ChangeRequestRecord[]>;
  /** Records a change request (replacing the badge's last one) with its audit entry. */
  requestChanges(input: ChangeRequestInput): Promise<ChangeRequestRecord>;
  getKillSwitch(entityRef: string): Promise<KillSwitch | undefined>;
  /** Lower-case entity refs of the apps whose kill switch is on. */
  listEngagedKillSwitches(): Promise<string[]>;
  /**
   * Engages or releases a switch. Engaging a switch that is on keeps the
   * stronger engager (a steward's or a policy's over the owning team's).
   */
  setKillSwitch(
    change: KillSwitchChange,
    audit: NewAuditEntry,
  ): Promise<KillSwitch>;
  /** Releases a switch or records a request to, as `decide` says. */
  releaseKillSwitch(
    release: KillSwitchRelease,
  ): Promise<KillSwitchReleaseResult>;
  /** The app's public badge token, if it has one. */
  getPublicBadgeToken(entityRef: string): Promise<string | undefined>;
  /** Sets (a new token) or clears (null) the app's public badge token, with its audit entry. */
  setPublicBadgeToken(input: {
    entityRef: string;
    token: string | null;
    now: Date;
    audit: NewAuditEntry;
  }): Promise<void>;
  /**
   * Records a notice to send, due again at `retryAt` should the first
   * attempt not report back; false when a notice with this key was recorded
   * already (by any replica or scan).
   */
  recordNotice(
    key: string,
    notification: JsonObject,
    now: string,
    retryAt: string,
  ): Promise<boolean>;
  /**
   * Takes up to `limit` pending notices due at `now` and leases each until
   * `leaseUntil`, so that no other replica sends it meanwhile.
   */
  takeDueNotices(
    now: string,
    leaseUntil: string,
    limit: number,
  ): Promise<PendingNotice[]>;
  markNoticeSent(key: string, now: string): Promise<void>;
  /** A failed attempt: due again at `retryAt`, or given up on without it. */
  markNoticeFailed(
    key: string,
    failure: { attempts: number; retryAt?: string; error: string },
  ): Promise<void>;
}
