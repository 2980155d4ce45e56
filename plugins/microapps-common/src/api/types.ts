import type { DataClass, LifecycleStage, MicroAppType } from '../kind/MicroAppEntity';
import type { BadgeId, GatedStage } from '../badges/badgeRules';
import type { RiskResult, RiskTier } from '../risk/RiskEngine';

/** State of one badge on one app. @public */
export type BadgeState = 'granted' | 'pending' | 'stale' | 'expired' | 'revoked';

/** @public */
export interface BadgeSummary {
  badge: BadgeId;
  state: BadgeState;
}

/** One row of the marketplace (`GET /apps`). @public */
export interface MarketplaceItem {
  entityRef: string;
  name: string;
  namespace: string;
  title: string;
  description?: string;
  owner: string;
  type: MicroAppType;
  lifecycle: LifecycleStage;
  tags: string[];
  tier: RiskTier;
  score: number;
  models: string[];
  dataClasses: string[];
  badges: BadgeSummary[];
  createdAt?: string;
  cost30dUsd: number;
  requests30d: number;
  users30d: number;
  violations30d: number;
}

/** @public */
export interface MarketplacePage {
  items: MarketplaceItem[];
  totalItems: number;
}

/** Sort orders of the marketplace. @public */
export const MARKETPLACE_SORTS = ['name', 'risk', 'cost', 'adoption', 'newest'] as const;
/** @public */
export type MarketplaceSort = (typeof MARKETPLACE_SORTS)[number];

/**
 * A marketplace query (`GET /apps`). Each list filter matches any of its
 * values; `q` matches apps whose name, title, description or tags contain
 * every word.
 *
 * @public
 */
export interface MarketplaceQuery {
  q?: string;
  tier?: RiskTier[];
  lifecycle?: LifecycleStage[];
  /** Badges that must be granted. */
  badge?: BadgeId[];
  dataClass?: DataClass[];
  /** Group refs, e.g. `group:default/finance-ops` or `finance-ops`. */
  owner?: string[];
  model?: string[];
  type?: MicroAppType[];
  sort?: MarketplaceSort;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

/** @public */
export interface Gate {
  stage: GatedStage;
  allowed: boolean;
  missing: BadgeId[];
  reasons: string[];
}

/** One risk-relevant field that differs from what a steward reviewed. @public */
export interface SpecChange {
  /** e.g. `data.classifications` */
  field: string;
  before: unknown;
  after: unknown;
}

/** @public */
export interface BadgeDetail extends BadgeSummary {
  required: boolean;
  /** The first stage that needs this badge for the app's tier, if any. */
  requiredFor?: GatedStage;
  approver?: string;
  grantedAt?: string;
  expiresAt?: string;
  comment?: string;
  /** The digest the badge was granted on. */
  grantedDigest?: string;
  revokedAt?: string;
  revokedBy?: string;
  revokeComment?: string;
  /** For a stale badge: what changed since the review. */
  changes?: SpecChange[];
}

/** A MicroApp's kill switch, as gateways read it. @public */
export interface KillSwitchState {
  entityRef: string;
  enabled: boolean;
  reason?: string;
  updatedBy?: string;
  updatedAt?: string;
}

/** One item of the steward inbox (`GET /reviews`). @public */
export interface ReviewItem {
  entityRef: string;
  title: string;
  owner: string;
  lifecycle: LifecycleStage;
  tier: RiskTier;
  score: number;
  badge: BadgeId;
  state: BadgeState;
  /** The stage the app needs the badge for. */
  neededFor: GatedStage;
  /** When the review became due (ISO 8601). */
  since: string;
  ageDays: number;
  changes?: SpecChange[];
}

/** `GET /audit/verify`. @public */
export interface AuditVerification {
  valid: boolean;
  entries: number;
  firstBrokenId?: number;
  reason?: string;
  headHash: string;
}

/** `GET /apps/:namespace/:name`. @public */
export interface MicroAppDetail {
  entityRef: string;
  name: string;
  namespace: string;
  title: string;
  description?: string;
  owner: string;
  lifecycle: LifecycleStage;
  digest: string;
  risk: RiskResult;
  requiredBadges: { canary: BadgeId[]; production: BadgeId[] };
  badges: BadgeDetail[];
  gates: { canary: Gate; production: Gate };
  killSwitch: KillSwitchState;
}
