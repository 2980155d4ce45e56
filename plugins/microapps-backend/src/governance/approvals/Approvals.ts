import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  BADGE_IDS,
  type BadgeId,
  type GatedStage,
  isBadgeId,
  type MicroAppDetail,
  microAppBadgeGrantPermission,
  microAppBadgeRevokePermission,
  badgeTitle,
} from '@trellis/plugin-microapps-common';
import { appKey, type GovernedApp } from '../../registry/governedApp';
import { resourceOf } from '../../registry/resourceOf';
import type { GovernanceStore } from '../GovernanceStore';
import {
  type Actor,
  appAuditEntry,
  type GovernanceGuard,
} from '../GovernanceGuard';
import {
  approvalState,
  badgeDetails,
  describeApp,
  gateFor,
  type PromotionBlock,
} from '../appGovernance';
import { governanceText } from '../governanceText';
import type { GovernanceNotifier } from '../notifications/GovernanceNotifier';
import type { KillSwitches } from '../killSwitch/KillSwitches';
import { badgeAlreadyGrantedBy } from '../separationOfDuties';
import { withCallerConflicts } from './callerConflicts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ApprovalsOptions {
  store: Pick<
    GovernanceStore,
    | 'listApprovals'
    | 'grant'
    | 'revoke'
    | 'listChangeRequests'
    | 'requestChanges'
  >;
  guard: GovernanceGuard;
  killSwitches: KillSwitches;
  /** How long an approval holds. */
  approvalTtlDays: number;
  /** How long an approval of particular apps holds, by lower-case entity ref. */
  appApprovalTtlDays?: ReadonlyMap<string, number>;
  /** Tells owners about grants and revokes. */
  notifier?: GovernanceNotifier;
  /** Promotions that enforcing policies hold for an app. */
  promotionBlocks?: (entityRef: string) => Promise<PromotionBlock[]>;
  /** Called after an approval changed, with the app as just read from the catalog. */
  onApprovalsChanged?: (app: GovernedApp) => Promise<void>;
}

/**
 * Badge approvals and the gates they open. The hard rules hold whatever the
 * permission policy says: a comment on every grant and revoke, no grant by a
 * member of the owning group, no one person granting two of a high-tier
 * app's badges, approvals bound to the digest they were granted on and
 * expiring.
 */
export class Approvals {
  constructor(private readonly options: ApprovalsOptions) {}

  /**
   * The app with its badges, gates and kill switch, as the API answers it;
   * with the caller's credentials, also what separation of duties keeps
   * them from granting.
   */
  async describe(
    app: GovernedApp,
    credentials?: BackstageCredentials,
  ): Promise<MicroAppDetail> {
    const { store, guard } = this.options;
    const [approvals, killSwitch, changeRequests, blocks] = await Promise.all([
      store.listApprovals(app.entityRef),
      this.options.killSwitches.get(app),
      store.listChangeRequests(app.entityRef),
      this.blocksOf(app),
    ]);
    const detail = describeApp(
      app,
      approvals,
      killSwitch,
      guard.now(),
      changeRequests,
      blocks,
    );
    return withCallerConflicts(detail, app, approvals, guard, credentials);
  }

  async gate(app: GovernedApp, stage: GatedStage) {
    const [approvals, killSwitch, blocks] = await Promise.all([
      this.options.store.listApprovals(app.entityRef),
      this.options.killSwitches.get(app),
      this.blocksOf(app),
    ]);
    return gateFor(
      app,
      badgeDetails(app, approvals, this.options.guard.now()),
      stage,
      killSwitch,
      blocks,
    );
  }

  private async blocksOf(app: GovernedApp): Promise<PromotionBlock[]> {
    return (await this.options.promotionBlocks?.(app.entityRef)) ?? [];
  }

  async grant(
    app: GovernedApp,
    badgeId: string,
    comment: unknown,
    credentials: BackstageCredentials,
  ): Promise<MicroAppDetail> {
    const { guard, store } = this.options;
    const { badge, text, actor } = await this.decision(
      'grant',
      app,
      badgeId,
      comment,
      credentials,
    );
    await this.requireOutsideOwningTeam(actor, app, 'grant');

    const now = guard.now();
    const current = await this.currentApproval(app, badge);
    const grantedAt = now.toISOString();
    await store.grant({
      approval: {
        entityRef: app.entityRef,
        badge,
        digest: app.digest,
        reviewedSpec: app.reviewable,
        approver: actor.userEntityRef,
        comment: text,
        grantedAt,
        expiresAt: new Date(
          now.getTime() + this.ttlDaysOf(app) * DAY_MS,
        ).toISOString(),
      },
      expectedVersion: current?.version,
      audit: appAuditEntry('badge.granted', actor, app, {
        badge,
        comment: text,
        occurredAt: grantedAt,
      }),
      verify: committed => {
        const other = badgeAlreadyGrantedBy(
          app.risk.tier,
          badge,
          actor.userEntityRef,
          committed,
          a => ['granted', 'stale'].includes(approvalState(a, app.digest, now)),
        );
        if (other) {
          throw new NotAllowedError(
            `Separation of duties: you already granted ${other} on this high-tier app; another steward must grant ${badge}`,
          );
        }
      },
    });
    return this.afterApprovalChange(
      app,
      badge,
      'granted',
      actor,
      text,
      credentials,
    );
  }

  async revoke(
    app: GovernedApp,
    badgeId: string,
    comment: unknown,
    credentials: BackstageCredentials,
  ): Promise<MicroAppDetail> {
    const { guard, store } = this.options;
    const { badge, text, actor } = await this.decision(
      'revoke',
      app,
      badgeId,
      comment,
      credentials,
    );

    const current = await this.currentApproval(app, badge);
    if (!current || current.state === 'revoked') {
      throw new ConflictError(
        `${badge} is not granted on ${app.entityRef}, so there is nothing to revoke`,
      );
    }
    const revokedAt = guard.now().toISOString();
    await store.revoke({
      entityRef: app.entityRef,
      badge,
      revokedBy: actor.userEntityRef,
      revokedAt,
      comment: text,
      expectedVersion: current.version,
      audit: appAuditEntry('badge.revoked', actor, app, {
        badge,
        comment: text,
        occurredAt: revokedAt,
      }),
    });
    return this.afterApprovalChange(
      app,
      badge,
      'revoked',
      actor,
      text,
      credentials,
    );
  }

  /**
   * A steward declines a badge for now and tells the owners what to change:
   * the same permission and separation of duties as granting it. The request
   * shows on the badge until the manifest changes or someone grants it.
   */
  async requestChanges(
    app: GovernedApp,
    badgeId: string,
    comment: unknown,
    credentials: BackstageCredentials,
  ): Promise<MicroAppDetail> {
    const { guard, store } = this.options;
    const { badge, text, actor } = await this.decision(
      'request changes to',
      app,
      badgeId,
      comment,
      credentials,
    );
    await this.requireOutsideOwningTeam(actor, app, 'review');
    const now = guard.now();
    const current = await this.currentApproval(app, badge);
    if (approvalState(current, app.digest, now) === 'granted') {
      throw new ConflictError(
        `${badge} is granted on ${app.entityRef}; revoke it instead of requesting changes`,
      );
    }
    const requestedAt = now.toISOString();
    await store.requestChanges({
      entityRef: app.entityRef,
      badge,
      digest: app.digest,
      requestedBy: actor.userEntityRef,
      requestedAt,
      comment: text,
      audit: appAuditEntry('badge.changes-requested', actor, app, {
        badge,
        comment: text,
        occurredAt: requestedAt,
      }),
    });
    return this.afterApprovalChange(
      app,
      badge,
      'changes-requested',
      actor,
      text,
      credentials,
    );
  }

  private ttlDaysOf(app: GovernedApp): number {
    const { appApprovalTtlDays, approvalTtlDays } = this.options;
    return appApprovalTtlDays?.get(appKey(app.entityRef)) ?? approvalTtlDays;
  }

  /** Separation of duties: nobody grants or reviews their own team's badges. */
  private async requireOutsideOwningTeam(
    actor: Actor,
    app: GovernedApp,
    verb: 'grant' | 'review',
  ): Promise<void> {
    if (await this.options.guard.inOwningTeam(actor, app)) {
      throw new NotAllowedError(
        `Separation of duties: you are a member of ${app.owner} (or of a group it contains or belongs to), which owns ${app.entityRef}, so you cannot ${verb} its badges`,
      );
    }
  }

  /** The app's approval record of a badge, if it ever had one. */
  private async currentApproval(app: GovernedApp, badge: BadgeId) {
    return (await this.options.store.listApprovals(app.entityRef)).find(
      a => a.badge === badge,
    );
  }

  /**
   * What a grant or revoke checks first: the badge exists, a comment says
   * why, and the permission policy lets the caller decide on this badge.
   */
  private async decision(
    action: 'grant' | 'revoke' | 'request changes to',
    app: GovernedApp,
    badgeId: string,
    comment: unknown,
    credentials: BackstageCredentials,
  ): Promise<{ badge: BadgeId; text: string; actor: Actor }> {
    const { guard } = this.options;
    const badge = requireBadge(badgeId);
    const text = governanceText(comment, {
      field: 'comment',
      action: action === 'request changes to' ? 'request changes' : action,
    });
    const actor = await guard.actor(credentials);
    await guard.requirePermission(
      action === 'revoke'
        ? microAppBadgeRevokePermission
        : microAppBadgeGrantPermission,
      resourceOf(app, { badge }),
      credentials,
      `${action} ${badge} on ${app.entityRef}: only ${badgeTitle(
        badge,
      )} stewards may`,
    );
    return { badge, text, actor };
  }

  /** After a committed grant or revoke: tell the owners, update the views, answer the app. */
  private async afterApprovalChange(
    app: GovernedApp,
    badge: BadgeId,
    change: 'granted' | 'revoked' | 'changes-requested',
    actor: Actor,
    comment: string,
    credentials: BackstageCredentials,
  ): Promise<MicroAppDetail> {
    void this.options.notifier?.badgeChanged(
      app,
      badge,
      change,
      actor.userEntityRef,
      comment,
    );
    // The change is committed: a view that fails to follow it catches up at its next refresh.
    await this.options.onApprovalsChanged?.(app).catch(() => undefined);
    return this.describe(app, credentials);
  }
}

function requireBadge(badge: string): BadgeId {
  if (!isBadgeId(badge)) {
    throw new NotFoundError(
      `No badge named ${badge}; badges are ${BADGE_IDS.join(', ')}`,
    );
  }
  return badge;
}
