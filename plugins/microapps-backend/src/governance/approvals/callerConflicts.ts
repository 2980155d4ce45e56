import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { MicroAppDetail } from '@trellis/plugin-microapps-common';
import type { GovernedApp } from '../../registry/governedApp';
import type { ApprovalRecord } from '../GovernanceStore';
import type { GovernanceGuard } from '../GovernanceGuard';
import { approvalState } from '../appGovernance';
import { badgeAlreadyGrantedBy } from '../separationOfDuties';

/**
 * The app's detail with, on each badge not granted now, why separation of
 * duties keeps the signed-in person from granting it whatever the permission
 * policy says: they belong to the owning team, or they already granted
 * another badge of this high-tier app. The same rules the grant enforces,
 * told in advance so that a steward need not write a comment to learn them.
 */
export async function withCallerConflicts(
  detail: MicroAppDetail,
  app: GovernedApp,
  approvals: readonly ApprovalRecord[],
  guard: GovernanceGuard,
  credentials: BackstageCredentials | undefined,
): Promise<MicroAppDetail> {
  const principal = credentials?.principal as { type?: string } | undefined;
  if (!credentials || principal?.type !== 'user') return detail;
  const actor = await guard.actor(credentials);
  const owning = await guard.inOwningTeam(actor, app);
  const now = guard.now();
  const badges = detail.badges.map(badge => {
    if (badge.state === 'granted') return badge;
    if (owning) {
      return { ...badge, callerConflict: { reason: 'owning-team' as const } };
    }
    const other = badgeAlreadyGrantedBy(
      app.risk.tier,
      badge.badge,
      actor.userEntityRef,
      approvals,
      a => ['granted', 'stale'].includes(approvalState(a, app.digest, now)),
    );
    return other
      ? {
          ...badge,
          callerConflict: {
            reason: 'granted-other-badge' as const,
            conflictsWith: other,
          },
        }
      : badge;
  });
  return { ...detail, badges };
}
