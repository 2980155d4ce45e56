import {
  appStatus,
  BADGE_IDS,
  badgeTitle,
  type BadgeDetail,
  type BadgeId,
  type BadgeState,
  canonicalJson,
  type Gate,
  type GatedStage,
  type KillSwitchState,
  type MicroAppDetail,
  type MicroAppStatus,
  requiredBadges,
  type RiskRelevantSpec,
  type SpecChange,
} from '@trellis/plugin-microapps-common';
import type { ApprovalRecord, ChangeRequestRecord } from './GovernanceStore';
import type { GovernedApp } from '../registry/governedApp';
import { separationConflicts } from './separationOfDuties';

/**
 * The state a stored approval is in now: a revoked one stays revoked; a
 * granted one is expired past its expiry, stale when the manifest changed
 * materially since, and granted otherwise.
 */
export function approvalState(
  approval: ApprovalRecord | undefined,
  digest: string,
  now: Date,
): BadgeState {
  if (!approval) return 'pending';
  if (approval.state === 'revoked') return 'revoked';
  if (Date.parse(approval.expiresAt) <= now.getTime()) return 'expired';
  if (approval.digest !== digest) return 'stale';
  if (reviewRequiredAfterGrant(approval)) return 'stale';
  return 'granted';
}

/** A policy asked for a new review after the approval was granted. */
function reviewRequiredAfterGrant(approval: ApprovalRecord): boolean {
  return (
    approval.reviewRequiredAt !== undefined &&
    approval.grantedAt < approval.reviewRequiredAt
  );
}

/** The risk-relevant fields whose values differ, for showing what changed. */
export function specChanges(
  before: RiskRelevantSpec,
  after: RiskRelevantSpec,
): SpecChange[] {
  const flatten = (spec: RiskRelevantSpec): Record<string, unknown> => ({
    type: spec.type,
    owner: spec.owner,
    reach: spec.reach,
    'data.classifications': spec.data?.classifications,
    'data.pii': spec.data?.pii,
    connectors: spec.connectors,
    models: spec.models,
    'dependencies.risk': spec.dependencies?.risk,
    'dependencies.sbom': spec.dependencies?.sbom,
    egress: spec.egress,
    url: spec.url,
  });
  const was = flatten(before);
  const now = flatten(after);
  return Object.keys(now)
    .filter(field => canonicalJson(was[field]) !== canonicalJson(now[field]))
    .map(field => ({
      field,
      before: was[field] ?? null,
      after: now[field] ?? null,
    }));
}

/**
 * A badge's change request while it holds: made on the current manifest,
 * and no grant of the badge since.
 */
export function openChangeRequest(
  changeRequests: readonly ChangeRequestRecord[],
  badge: BadgeId,
  approval: ApprovalRecord | undefined,
  digest: string,
): ChangeRequestRecord | undefined {
  const request = changeRequests.find(r => r.badge === badge);
  if (!request || request.digest !== digest) return undefined;
  const grantedSince =
    approval?.state === 'granted' && approval.grantedAt >= request.requestedAt;
  return grantedSince ? undefined : request;
}

export function badgeDetails(
  app: GovernedApp,
  approvals: ApprovalRecord[],
  now: Date,
  changeRequests: readonly ChangeRequestRecord[] = [],
): BadgeDetail[] {
  const canary = requiredBadges(app.risk.tier, 'canary');
  const production = requiredBadges(app.risk.tier, 'production');
  const conflicts = separationConflicts(
    app.risk.tier,
    approvals,
    approval => approvalState(approval, app.digest, now) === 'granted',
  );
  return BADGE_IDS.map(badge => {
    const approval = approvals.find(a => a.badge === badge);
    const conflict = conflicts.get(badge);
    const state = conflict ? 'stale' : approvalState(approval, app.digest, now);
    const detail: BadgeDetail = {
      badge,
      state,
      required: production.includes(badge),
      requiredFor: stageRequiring(badge, canary, production),
    };
    const request = openChangeRequest(
      changeRequests,
      badge,
      approval,
      app.digest,
    );
    if (request && state !== 'granted') {
      detail.changesRequested = {
        requestedBy: request.requestedBy,
        requestedAt: request.requestedAt,
        comment: request.comment,
      };
    }
    if (approval) {
      Object.assign(detail, {
        approver: approval.approver,
        grantedAt: approval.grantedAt,
        expiresAt: approval.expiresAt,
        comment: approval.comment,
        grantedDigest: approval.digest,
        revokedAt: approval.revokedAt,
        revokedBy: approval.revokedBy,
        revokeComment: approval.revokeComment,
      });
      if (conflict) {
        detail.staleReason = 'separation-of-duties';
        detail.conflictsWith = conflict.conflictsWith;
        detail.changes = [];
      } else if (state === 'stale' && approval.digest === app.digest) {
        detail.staleReason = 'review-required';
        detail.reviewRequiredBy = approval.reviewRequiredBy;
        detail.reviewRequiredAt = approval.reviewRequiredAt;
        detail.changes = [];
      } else if (state === 'stale') {
        detail.staleReason = 'manifest-changed';
        detail.changes = specChanges(approval.reviewedSpec, app.reviewable);
      }
    }
    return detail;
  });
}

/** A promotion that an enforcing policy holds until its condition is false again. */
export interface PromotionBlock {
  policyId: string;
  reason: string;
  since: string;
}

export function gateFor(
  app: GovernedApp,
  badges: BadgeDetail[],
  stage: GatedStage,
  killSwitch: KillSwitchState,
  blocks: readonly PromotionBlock[] = [],
): Gate {
  const required = requiredBadges(app.risk.tier, stage);
  const missing = badges.filter(
    b => required.includes(b.badge) && b.state !== 'granted',
  );
  const reasons = missing.map(b => {
    if (b.staleReason === 'separation-of-duties' && b.conflictsWith) {
      return `${badgeTitle(b.badge)} does not count: ${
        b.approver
      } also granted ${badgeTitle(
        b.conflictsWith,
      )}, and a high-tier app needs a different steward for each; another steward must grant ${badgeTitle(
        b.badge,
      )} before ${stage}`;
    }
    if (b.staleReason === 'review-required') {
      return `${badgeTitle(b.badge)} must be reviewed again: policy ${
        b.reviewRequiredBy
      } asked for a new review; a ${
        app.risk.tier
      }-tier app needs it before ${stage}`;
    }
    const because =
      b.state === 'stale' && b.changes?.length
        ? ` (changed since review: ${b.changes.map(c => c.field).join(', ')})`
        : '';
    return `${badgeTitle(b.badge)} is ${b.state}${because}; a ${
      app.risk.tier
    }-tier app needs it before ${stage}`;
  });
  for (const model of app.prohibitedModels) {
    reasons.push(
      `The model ${model} is prohibited by the model catalog; the app must stop declaring it before ${stage}`,
    );
  }
  for (const block of blocks) {
    reasons.push(`Policy ${block.policyId} holds promotion: ${block.reason}`);
  }
  if (killSwitch.enabled) {
    reasons.push(
      `The kill switch is on${
        killSwitch.reason ? `: ${killSwitch.reason}` : ''
      }`,
    );
  }
  return {
    stage,
    allowed: reasons.length === 0,
    missing: missing.map(b => b.badge),
    reasons,
    status: statusOf(app, badges, killSwitch),
  };
}

/** The app's one status (`appStatus` of common), from its badges and kill switch. */
export function statusOf(
  app: GovernedApp,
  badges: readonly Pick<BadgeDetail, 'badge' | 'state'>[],
  killSwitch: Pick<KillSwitchState, 'enabled'>,
): MicroAppStatus {
  return appStatus({
    tier: app.risk.tier,
    lifecycle: app.entity.spec.lifecycle,
    badges,
    killSwitchEngaged: killSwitch.enabled,
    prohibitedModels: app.prohibitedModels,
  });
}

export function describeApp(
  app: GovernedApp,
  approvals: ApprovalRecord[],
  killSwitch: KillSwitchState,
  now: Date,
  changeRequests: readonly ChangeRequestRecord[] = [],
  blocks: readonly PromotionBlock[] = [],
): MicroAppDetail {
  const { entity } = app;
  const badges = badgeDetails(app, approvals, now, changeRequests);
  return {
    entityRef: app.entityRef,
    name: entity.metadata.name,
    namespace: entity.metadata.namespace ?? 'default',
    title: entity.metadata.title ?? entity.metadata.name,
    description: entity.metadata.description,
    owner: app.owner,
    lifecycle: entity.spec.lifecycle,
    digest: app.digest,
    risk: app.risk,
    requiredBadges: {
      canary: requiredBadges(app.risk.tier, 'canary'),
      production: requiredBadges(app.risk.tier, 'production'),
    },
    badges,
    gates: {
      canary: gateFor(app, badges, 'canary', killSwitch, blocks),
      production: gateFor(app, badges, 'production', killSwitch, blocks),
    },
    killSwitch,
    status: statusOf(app, badges, killSwitch),
  };
}

/** The first stage whose gate needs the badge, if any. */
function stageRequiring(
  badge: BadgeId,
  canary: readonly BadgeId[],
  production: readonly BadgeId[],
): 'canary' | 'production' | undefined {
  if (canary.includes(badge)) return 'canary';
  if (production.includes(badge)) return 'production';
  return undefined;
}
