import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type BadgeId,
  type BadgeState,
  type GatedStage,
  microAppBadgeGrantPermission,
  type ReviewItem,
  requiredBadges,
  reviewStage,
} from '@trellis/plugin-microapps-common';
import type { AppReadAccess } from '../../registry/AppReadAccess';
import { appKey, type GovernedApp } from '../../registry/governedApp';
import { resourceOf } from '../../registry/resourceOf';
import type {
  ApprovalRecord,
  ChangeRequestRecord,
  GovernanceStore,
} from '../GovernanceStore';
import type { GovernanceGuard } from '../GovernanceGuard';
import {
  approvalState,
  openChangeRequest,
  specChanges,
} from '../appGovernance';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReviewInboxOptions {
  store: Pick<GovernanceStore, 'listApprovals' | 'listChangeRequests'>;
  guard: GovernanceGuard;
  permissions: PermissionsService;
  /** Which apps a caller may read. */
  access: AppReadAccess;
  /** Apps to consider, with when each review became due. */
  listApps: () => Promise<
    Array<{ app: GovernedApp; firstSeenAt?: string; digestSince?: string }>
  >;
}

/** The steward inbox: every badge a steward may grant that an app needs next. */
export class ReviewInbox {
  constructor(private readonly options: ReviewInboxOptions) {}

  /**
   * The reviews the caller may act on: overdue ones (the app already runs in
   * the stage that needs the badge) first, then oldest first.
   */
  async reviews(credentials: BackstageCredentials): Promise<ReviewItem[]> {
    const { guard } = this.options;
    const actor = await guard.actor(credentials);
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: microAppBadgeGrantPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) return [];
    const visibility = await this.options.access.forCaller(credentials);
    const now = guard.now();
    const approvals = groupByApp(await this.options.store.listApprovals());
    const changeRequests = groupByApp(
      await this.options.store.listChangeRequests(),
    );
    const owned = new Set(actor.ownershipEntityRefs.map(appKey));
    const items: ReviewItem[] = [];

    for (const {
      app,
      firstSeenAt,
      digestSince,
    } of await this.options.listApps()) {
      const lifecycle = app.entity.spec.lifecycle;
      const neededFor = reviewStage(lifecycle);
      if (!neededFor || !visibility.canRead(app) || owned.has(app.owner)) {
        continue;
      }
      const appApprovals = approvals.get(appKey(app.entityRef)) ?? [];
      const appRequests = changeRequests.get(appKey(app.entityRef)) ?? [];
      const neededNow = requiredBadges(app.risk.tier, lifecycle);
      const mine = appApprovals.filter(
        a => a.approver === actor.userEntityRef && a.state === 'granted',
      );

      for (const badge of requiredBadges(app.risk.tier, neededFor)) {
        const approval = appApprovals.find(a => a.badge === badge);
        const state = approvalState(approval, app.digest, now);
        if (state === 'granted') continue;
        if (!guard.decide(decision, resourceOf(app, { badge }))) continue;
        if (app.risk.tier === 'high' && mine.some(a => a.badge !== badge)) {
          continue;
        }
        // When the badge went stale, expired or was revoked is known;
        // otherwise the wait is counted from Trellis's first sighting.
        const dueSince =
          (state === 'stale' && digestSince) ||
          (state === 'expired' && approval?.expiresAt) ||
          (state === 'revoked' && approval?.revokedAt) ||
          undefined;
        items.push(
          reviewItem({
            app,
            badge,
            state,
            approval,
            neededFor,
            overdue: neededNow.includes(badge),
            since: dueSince ?? firstSeenAt ?? now.toISOString(),
            sinceFirstSeen: !dueSince,
            now,
            changesRequested: openChangeRequest(
              appRequests,
              badge,
              approval,
              app.digest,
            ),
          }),
        );
      }
    }
    return items.sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        a.since.localeCompare(b.since) ||
        a.entityRef.localeCompare(b.entityRef),
    );
  }
}

/** One review as the inbox answers it. */
function reviewItem(input: {
  app: GovernedApp;
  badge: BadgeId;
  state: BadgeState;
  approval?: ApprovalRecord;
  neededFor: GatedStage;
  overdue: boolean;
  since: string;
  sinceFirstSeen: boolean;
  now: Date;
  changesRequested?: ChangeRequestRecord;
}): ReviewItem {
  const { app, approval, state, since, sinceFirstSeen, changesRequested } =
    input;
  return {
    entityRef: app.entityRef,
    title: app.entity.metadata.title ?? app.entity.metadata.name,
    owner: app.owner,
    lifecycle: app.entity.spec.lifecycle,
    tier: app.risk.tier,
    score: app.risk.score,
    badge: input.badge,
    state,
    neededFor: input.neededFor,
    overdue: input.overdue,
    since,
    sinceFirstSeen,
    ageDays: Math.max(
      0,
      Math.floor((input.now.getTime() - Date.parse(since)) / DAY_MS),
    ),
    ...(state === 'stale' && approval
      ? { changes: specChanges(approval.reviewedSpec, app.reviewable) }
      : {}),
    ...(changesRequested
      ? {
          changesRequested: {
            requestedBy: changesRequested.requestedBy,
            requestedAt: changesRequested.requestedAt,
            comment: changesRequested.comment,
          },
        }
      : {}),
  };
}

function groupByApp<T extends { entityRef: string }>(
  approvals: T[],
): Map<string, T[]> {
  const byApp = new Map<string, T[]>();
  for (const approval of approvals) {
    const list = byApp.get(approval.entityRef) ?? [];
    list.push(approval);
    byApp.set(approval.entityRef, list);
  }
  return byApp;
}
