import type {
  BadgeSummary,
  MicroAppStatus,
  MicroAppStatusId,
  MicroAppStatusSeverity,
} from '../api/types';
import {
  type BadgeId,
  type GatedStage,
  nextGatedStage,
  requiredBadges,
} from '../badges/badgeRules';
import type { LifecycleStage } from '../kind/vocabulary';
import { type ModelCatalogEntry, resolveModel } from '../models/ModelCatalog';
import type { RiskTier } from '../risk/RiskEngine';

/** Every app status, in order of precedence (the first that applies wins). @public */
export const APP_STATUS_IDS = [
  'disabled',
  'decommissioned',
  'not-allowed',
  'draft',
  'overdue',
  'approved',
  'in-review',
] as const satisfies readonly MicroAppStatusId[];

/** The colour of each status. @public */
export const APP_STATUS_SEVERITIES: Record<
  MicroAppStatusId,
  MicroAppStatusSeverity
> = {
  disabled: 'error',
  decommissioned: 'info',
  'not-allowed': 'error',
  draft: 'info',
  overdue: 'warning',
  approved: 'ok',
  'in-review': 'info',
};

/** What an app's status is computed from. @public */
export interface AppStatusInput {
  tier: RiskTier;
  lifecycle: LifecycleStage;
  /**
   * The state of each badge (as the backend reports them: granted, pending,
   * stale, expired, revoked); a badge not listed counts as pending.
   */
  badges: ReadonlyArray<Pick<BadgeSummary, 'badge' | 'state'>>;
  /** Whether the app's kill switch is engaged. */
  killSwitchEngaged: boolean;
  /** The declared models the model catalog prohibits ({@link prohibitedModels}). */
  prohibitedModels?: readonly string[];
}

/**
 * The declared models whose model catalog status is `prohibited`, in the
 * order declared. Models the catalog does not list are not prohibited (they
 * are unvetted, which the risk score counts).
 *
 * @public
 */
export function prohibitedModels(
  declared: readonly string[],
  catalog: readonly ModelCatalogEntry[],
): string[] {
  return declared.filter(
    id => resolveModel(id, catalog).status === 'prohibited',
  );
}

/**
 * The stage an app's required badges are counted for: the gated stage it
 * runs in (canary, production), or the next one before that (canary for
 * draft and sandbox apps); none once decommissioned.
 *
 * @public
 */
export function statusStage(lifecycle: LifecycleStage): GatedStage | undefined {
  if (lifecycle === 'canary' || lifecycle === 'production') return lifecycle;
  return nextGatedStage(lifecycle);
}

/**
 * The one status of an app, shown by the marketplace, the overview card,
 * the SVG badge and the gate. The first rule that applies wins:
 *
 * 1. `disabled`, "Disabled (kill switch)": the kill switch is engaged,
 *    whatever else holds.
 * 2. `decommissioned`, "Decommissioned": the app is retired; nothing else
 *    matters.
 * 3. `not-allowed`, "Uses a prohibited model": a declared model is
 *    prohibited by the model catalog; no badge makes that right.
 * 4. `draft`, "Draft": not up for review yet.
 * 5. `overdue`, "Running without required approvals": a canary or production
 *    app lacks a badge its tier needs for the stage it already runs in
 *    (pending, stale, expired or revoked).
 * 6. `approved`, "Approved for production" (production apps) or "Approved for
 *    canary" (canary apps with their canary badges, and sandbox apps with
 *    every badge canary needs): every badge of the stage counted is granted.
 *    A canary app with its canary badges is approved for canary even while
 *    its production badges are still outstanding.
 * 7. `in-review`, "In review": a sandbox app still collecting the badges
 *    canary needs. (A canary app is either overdue or approved by then.)
 *
 * `requiredBadges` are the badges the tier needs for {@link statusStage};
 * `missingBadges` those of them not granted.
 *
 * @public
 */
export function appStatus(input: AppStatusInput): MicroAppStatus {
  const stage = statusStage(input.lifecycle);
  const required = stage ? requiredBadges(input.tier, stage) : [];
  const granted = new Set<BadgeId>(
    input.badges.filter(b => b.state === 'granted').map(b => b.badge),
  );
  const missing = required.filter(badge => !granted.has(badge));
  const prohibited = [...(input.prohibitedModels ?? [])];
  const status = (id: MicroAppStatusId, label: string): MicroAppStatus => ({
    id,
    label,
    severity: APP_STATUS_SEVERITIES[id],
    ...(stage ? { stage } : {}),
    requiredBadges: required,
    missingBadges: missing,
    ...(prohibited.length ? { prohibitedModels: prohibited } : {}),
  });

  if (input.killSwitchEngaged)
    return status('disabled', 'Disabled (kill switch)');
  if (input.lifecycle === 'decommissioned') {
    return status('decommissioned', 'Decommissioned');
  }
  if (prohibited.length)
    return status('not-allowed', 'Uses a prohibited model');
  if (input.lifecycle === 'draft') return status('draft', 'Draft');
  const running =
    input.lifecycle === 'canary' || input.lifecycle === 'production';
  if (running && missing.length) {
    return status('overdue', 'Running without required approvals');
  }
  if (!missing.length) {
    return status(
      'approved',
      stage === 'production'
        ? 'Approved for production'
        : 'Approved for canary',
    );
  }
  return status('in-review', 'In review');
}
