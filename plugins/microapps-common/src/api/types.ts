import type {
  DataClass,
  LifecycleStage,
  MicroAppType,
} from '../kind/MicroAppEntity';
import type { BadgeId, GatedStage } from '../badges/badgeRules';
import type { RiskResult, RiskTier } from '../risk/RiskEngine';
import type { ViolationType } from '../telemetry/attributes';
import type {
  PolicyDecision,
  ViolationSeverity,
} from '../telemetry/violations';

/** State of one badge on one app. @public */
export type BadgeState =
  | 'granted'
  | 'pending'
  | 'stale'
  | 'expired'
  | 'revoked';

/** @public */
export interface BadgeSummary {
  badge: BadgeId;
  state: BadgeState;
}

/**
 * An app's usage over the last 30 UTC days, as the marketplace counts it.
 *
 * @public
 */
export interface ThirtyDayUsage {
  cost30dUsd: number;
  requests30d: number;
  /** Cost of the last 30 days divided by their requests; 0 without requests. */
  costPerRequestUsd: number;
  users30d: number;
  violations30d: number;
}

/** One row of the marketplace (`GET /apps`). @public */
export interface MarketplaceItem extends ThirtyDayUsage {
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
}

/** @public */
export interface MarketplacePage {
  items: MarketplaceItem[];
  totalItems: number;
}

/** Sort orders of the marketplace. @public */
export const MARKETPLACE_SORTS = [
  'name',
  'risk',
  'cost',
  'adoption',
  'newest',
] as const;
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
  /**
   * Why a stale badge is stale: the manifest changed since the review, or the
   * same person also granted another badge this high-tier app needs
   * (possible when the app's tier rose after both grants).
   */
  staleReason?: 'manifest-changed' | 'separation-of-duties';
  /** For `separation-of-duties`: the badge the same approver granted first. */
  conflictsWith?: BadgeId;
}

/**
 * Who engaged a kill switch: the owning team (or anyone else the permission
 * policy lets engage it who holds no steward role), a steward, or a policy.
 *
 * @public
 */
export type KillSwitchEngager = 'owner' | 'steward' | 'policy';

/** A MicroApp's kill switch, as gateways read it. @public */
export interface KillSwitchState {
  entityRef: string;
  enabled: boolean;
  reason?: string;
  updatedBy?: string;
  updatedAt?: string;
  /** While on: who engaged it. */
  engagedByRole?: KillSwitchEngager;
  /**
   * While on: who may release it. `owners-or-stewards` when the owning team
   * engaged it; `stewards` (of the roles in `releaseStewardRoles`) when a
   * steward or a policy did.
   */
  releasableBy?: 'owners-or-stewards' | 'stewards';
  /** Steward roles whose members may release any switch, e.g. `security`, `platform`. */
  releaseStewardRoles?: string[];
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
  /**
   * The last 30 days' usage, the same figures as the app's marketplace row
   * (`GET /apps/:namespace/:name` only); absent until the marketplace index
   * has listed the app.
   */
  usage30d?: ThirtyDayUsage;
}

/** One violation in the ledger (`GET /violations`). @public */
export interface Violation {
  id: string;
  /** The app the spans came from; for `unregistered_app`, the ref they claimed. */
  entityRef?: string;
  type: ViolationType;
  severity: ViolationSeverity;
  rule?: string;
  /** What the reporting policy engine did, when a span reported it. */
  decision?: PolicyDecision;
  traceId?: string;
  spanId?: string;
  occurredAt: string;
  detail?: string;
  /** `reported` by the app's own policy engine or guardrails, or `derived` by Trellis. */
  source: 'reported' | 'derived';
}

/** @public */
export interface ViolationPage {
  items: Violation[];
  totalItems: number;
  /** Violations per UTC day and type over the whole filtered range. */
  series: Array<{ date: string; type: ViolationType; count: number }>;
}

/** One model's usage of one app on one UTC day. @public */
export interface AppCostDay {
  date: string;
  model: string;
  costUsd: number;
  /** The same cost in whole micro-dollars: exact, for sums. */
  costMicros: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  requests: number;
  errors: number;
}

/** Usage totals over a period. @public */
export interface UsageTotals {
  costUsd: number;
  /** The same cost in whole micro-dollars: exact, for sums. */
  costMicros: number;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Cost divided by requests; 0 without requests. */
  costPerRequestUsd: number;
}

/** `GET /apps/:namespace/:name/costs`. Dates are UTC days, `to` inclusive. @public */
export interface AppCosts {
  entityRef: string;
  from: string;
  to: string;
  totalUsd: number;
  /** `totalUsd` in whole micro-dollars: the sum of `daily[].costMicros`. */
  totalMicros: number;
  totals: UsageTotals;
  /** `spec.limits.monthlyBudgetUsd`. */
  budgetUsd?: number;
  /** Cost at the end of the current month if the last 7 days' pace holds. */
  forecastUsd?: number;
  /** The current month so far. */
  month: {
    month: string;
    costUsd: number;
    budgetUsd?: number;
    forecastUsd: number;
  };
  /** The period of the same length just before `from`. */
  previous: { from: string; to: string; totalUsd: number; requests: number };
  /** Relative change against the previous period; null when it cost nothing. */
  changePct: number | null;
  daily: AppCostDay[];
  byModel: Array<{ model: string } & UsageTotals>;
}

/** Dimensions of the cost report. @public */
export const COST_GROUP_BYS = ['app', 'team', 'costCenter', 'model'] as const;
/** @public */
export type CostGroupBy = (typeof COST_GROUP_BYS)[number];

/** One row of the cost report. @public */
export interface CostGroup extends UsageTotals {
  key: string;
  label: string;
  previousCostUsd: number;
  changePct: number | null;
  /** Sum of the monthly budgets of the group's apps (not for `model`). */
  budgetUsd?: number;
  /** The current month so far, to compare with `budgetUsd`. */
  monthToDateUsd?: number;
  apps: number;
}

/** `GET /costs`. @public */
export interface CostReport {
  groupBy: CostGroupBy;
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  totalUsd: number;
  /** `totalUsd` in whole micro-dollars: the sum of `groups[].costMicros`. */
  totalMicros: number;
  previousTotalUsd: number;
  changePct: number | null;
  /** The largest groups, at most `limit` of them (1,000 by default). */
  groups: CostGroup[];
  /** How many groups there are in all; more than `groups.length` when the list is cut. */
  totalGroups: number;
  /** Requests of all groups. */
  totalRequests: number;
  /** What the groups past the list add up to, when it is cut. */
  rest?: {
    groups: number;
    costUsd: number;
    costMicros: number;
    requests: number;
  };
  /** Cost per UTC day and group key. */
  series: Array<{ date: string; key: string; costUsd: number }>;
}

/** One entry of the audit log (`GET /audit`). @public */
export interface AuditLogEntry {
  id: number;
  occurredAt: string;
  actor: string;
  /** `badge.granted`, `badge.revoked`, `killswitch.enabled` or `killswitch.disabled` */
  action: string;
  entityRef?: string;
  badge?: string;
  digest?: string;
  comment?: string;
  details?: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** An ingest key as `GET …/ingest-keys` lists it: never the key itself. @public */
export interface IngestKeySummary {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt?: string;
}

/** A new ingest key, from `POST …/ingest-keys`: the only time the key is shown. @public */
export interface NewIngestKey {
  id: string;
  name: string;
  /** Send it as `Authorization: Bearer <key>`; Trellis keeps only its hash. */
  key: string;
  createdAt: string;
  /** A gateway key, which may report for any app. */
  gateway?: boolean;
}
