import {
  type BadgeId,
  badgesForTier,
  type RiskTier,
} from '@trellis/plugin-microapps-common';
import type { ApprovalRecord } from './GovernanceStore';

/** A granted badge that does not count because its approver granted another one too. */
export interface SeparationConflict {
  badge: BadgeId;
  /** The badge the same person granted first; that one counts. */
  conflictsWith: BadgeId;
  approver: string;
}

/**
 * The one-person-two-badges rule of high-tier apps, over approvals that
 * count (`counts` says which: granted on the current digest, not expired).
 * Approvals granted while the app had a lower tier may break it once the
 * tier rises (a manifest, model catalog or risk config change); then the
 * earliest of each approver's badges counts and the later ones do not.
 */
export function separationConflicts(
  tier: RiskTier,
  approvals: readonly ApprovalRecord[],
  counts: (approval: ApprovalRecord) => boolean,
): Map<BadgeId, SeparationConflict> {
  const conflicts = new Map<BadgeId, SeparationConflict>();
  if (tier !== 'high') return conflicts;
  const needed = badgesForTier('high');
  const byApprover = new Map<string, ApprovalRecord[]>();
  for (const approval of approvals) {
    if (!needed.includes(approval.badge) || !counts(approval)) continue;
    const list = byApprover.get(approval.approver) ?? [];
    list.push(approval);
    byApprover.set(approval.approver, list);
  }
  for (const [approver, list] of byApprover) {
    if (list.length < 2) continue;
    const [first, ...later] = [...list].sort(
      (a, b) =>
        Date.parse(a.grantedAt) - Date.parse(b.grantedAt) ||
        needed.indexOf(a.badge) - needed.indexOf(b.badge),
    );
    for (const approval of later) {
      conflicts.set(approval.badge, {
        badge: approval.badge,
        conflictsWith: first.badge,
        approver,
      });
    }
  }
  return conflicts;
}

/**
 * The other badge a high-tier app needs that `approver` already holds a
 * granted or stale approval for, if any: granting `badge` too would break
 * separation of duties.
 */
export function badgeAlreadyGrantedBy(
  tier: RiskTier,
  badge: BadgeId,
  approver: string,
  approvals: readonly ApprovalRecord[],
  isLive: (approval: ApprovalRecord) => boolean,
): BadgeId | undefined {
  if (tier !== 'high') return undefined;
  const needed = badgesForTier('high');
  return approvals.find(
    a =>
      a.badge !== badge &&
      a.approver === approver &&
      needed.includes(a.badge) &&
      isLive(a),
  )?.badge;
}
