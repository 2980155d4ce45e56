import type { LifecycleStage } from '../kind/MicroAppEntity';
import type { RiskTier } from '../risk/RiskEngine';

/** The approval badges, in the order they are usually earned. @public */
export const BADGE_IDS = [
  'security-review',
  'compliance-review',
  'executive-signoff',
  'production-readiness',
] as const;
/** @public */
export type BadgeId = (typeof BADGE_IDS)[number];

/** The stages a pipeline asks the gate about. @public */
export const GATED_STAGES = ['canary', 'production'] as const;
/** @public */
export type GatedStage = (typeof GATED_STAGES)[number];

/** The steward roles, each a `microapps.stewards` key naming its groups. @public */
export const STEWARD_ROLE_NAMES = [
  'security',
  'compliance',
  'executive',
  'platform',
] as const;

/** The steward group config key whose members grant a badge by default. @public */
export type StewardRole = (typeof STEWARD_ROLE_NAMES)[number];

/** @public */
export interface BadgeRule {
  badge: BadgeId;
  title: string;
  stewardRole: StewardRole;
  /** Tiers that need the badge. */
  tiers: readonly RiskTier[];
  /** The first stage that needs it; every later gated stage needs it too. */
  requiredFrom: GatedStage;
}

/** The badge table of docs/CONVENTIONS.md ("Badges and approvals"). @public */
export const BADGE_RULES: readonly BadgeRule[] = [
  {
    badge: 'security-review',
    title: 'Security review',
    stewardRole: 'security',
    tiers: ['medium', 'high'],
    requiredFrom: 'canary',
  },
  {
    badge: 'compliance-review',
    title: 'Compliance review',
    stewardRole: 'compliance',
    tiers: ['high'],
    requiredFrom: 'canary',
  },
  {
    badge: 'executive-signoff',
    title: 'Executive sign-off',
    stewardRole: 'executive',
    tiers: ['high'],
    requiredFrom: 'production',
  },
  {
    badge: 'production-readiness',
    title: 'Production readiness',
    stewardRole: 'platform',
    tiers: ['low', 'medium', 'high'],
    requiredFrom: 'production',
  },
];

/**
 * The badges an app of the given tier needs before it may enter a stage.
 * Stages before canary need none; `decommissioned` needs none.
 *
 * @public
 */
export function requiredBadges(
  tier: RiskTier,
  stage: LifecycleStage | GatedStage,
): BadgeId[] {
  const stageIndex = GATED_STAGES.indexOf(stage as GatedStage);
  if (stageIndex < 0) return [];
  return BADGE_RULES.filter(
    rule =>
      rule.tiers.includes(tier) &&
      GATED_STAGES.indexOf(rule.requiredFrom) <= stageIndex,
  ).map(rule => rule.badge);
}

/**
 * The next stage whose gate an app in `lifecycle` must pass: canary for
 * draft and sandbox apps, production for canary and production apps (a
 * production app keeps needing its production badges), none once
 * decommissioned.
 *
 * @public
 */
export function nextGatedStage(
  lifecycle: LifecycleStage | string,
): GatedStage | undefined {
  if (lifecycle === 'draft' || lifecycle === 'sandbox') return 'canary';
  if (lifecycle === 'canary' || lifecycle === 'production') return 'production';
  return undefined;
}

/**
 * The stage stewards review an app for now, if any: drafts are not up for
 * review yet, decommissioned apps no longer are.
 *
 * @public
 */
export function reviewStage(
  lifecycle: LifecycleStage | string,
): GatedStage | undefined {
  return lifecycle === 'draft' ? undefined : nextGatedStage(lifecycle);
}

/**
 * Every badge the tier needs on the way to production.
 *
 * @public
 */
export function badgesForTier(tier: RiskTier): BadgeId[] {
  return requiredBadges(tier, 'production');
}

/**
 * A badge's name for people, e.g. "Security review".
 *
 * @public
 */
export function badgeTitle(badge: BadgeId): string {
  return BADGE_RULES.find(rule => rule.badge === badge)?.title ?? badge;
}

/** @public */
export function isBadgeId(value: string): value is BadgeId {
  return (BADGE_IDS as readonly string[]).includes(value);
}
