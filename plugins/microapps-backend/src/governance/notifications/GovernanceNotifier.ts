import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  BADGE_RULES,
  type BadgeDetail,
  type BadgeId,
  type GatedStage,
  requiredBadges,
  reviewStage,
  badgeTitle,
} from '@trellis/plugin-microapps-common';
import type { ApprovalRecord, GovernanceStore } from '../GovernanceStore';
import type { StewardGroups } from '@trellis/plugin-microapps-node';
import { badgeDetails } from '../appGovernance';
import { type GovernedApp } from '../../registry/governedApp';

const DAY_MS = 24 * 60 * 60 * 1000;
const TOPIC = 'MicroApp governance';

export interface GovernanceNotifierOptions {
  notifications: NotificationService;
  store: Pick<
    GovernanceStore,
    | 'listApprovals'
    | 'recordNotice'
    | 'takeDueNotices'
    | 'markNoticeSent'
    | 'markNoticeFailed'
  >;
  stewards: StewardGroups;
  logger: LoggerService;
  /** Owners are told this many days before a badge expires. */
  expiryWarningDays: number;
  /** User refs of a group's members, to keep owners out of their own app's reviews. */
  membersOf: (groupRef: string) => Promise<string[]>;
  now?: () => Date;
}

/** Attempts at most per notice; then it is given up on, with an error in the log. */
export const MAX_NOTICE_ATTEMPTS = 10;
/** How long a replica that is sending a notice holds it before others may retry. */
const LEASE_MS = 5 * 60 * 1000;
/** Notices retried per run of the retry job. */
const RETRY_BATCH = 100;

/** Back-off after the n-th failed attempt: 1, 2, 4, … minutes, at most 6 hours. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(60_000 * 2 ** (failedAttempts - 1), 6 * 60 * 60 * 1000);
}

type Notification = Parameters<NotificationService['send']>[0];

/**
 * Tells stewards when a review is needed or a badge went stale, and owners
 * when a badge is granted, revoked, stale, expiring or expired. A notice is
 * recorded in the database with what to send before it is sent: several
 * replicas or repeated scans never send it twice, and one whose sending
 * failed is retried with back-off (`retryDue`) instead of being lost.
 * Sending never fails the action that caused it.
 */
/** What every notice about one badge of one app carries. */
interface NoticeBase {
  link: string;
  topic: string;
  scope: string;
}

export class GovernanceNotifier {
  private readonly now: () => Date;

  constructor(private readonly options: GovernanceNotifierOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async badgeChanged(
    app: GovernedApp,
    badge: BadgeId,
    action: 'granted' | 'revoked' | 'changes-requested',
    actor: string,
    comment: string,
  ): Promise<void> {
    const now = this.now().toISOString();
    const title = badgeTitle(badge);
    const said =
      action === 'changes-requested'
        ? {
            title: `Changes requested before ${title} of ${titleOf(app)}`,
            description: `${actor} asks for changes before granting ${title.toLowerCase()}: ${comment}`,
          }
        : {
            title: `${title} ${action} for ${titleOf(app)}`,
            description: `${actor} ${action} ${title.toLowerCase()}: ${comment}`,
          };
    await this.deliver(`changed:${app.entityRef}:${badge}:${action}:${now}`, {
      recipients: {
        type: 'entity',
        entityRef: app.owner,
        excludeEntityRef: actor,
      },
      payload: {
        ...said,
        link: appLink(app),
        severity: action === 'revoked' ? 'high' : 'normal',
        topic: TOPIC,
        scope: `microapps:${app.entityRef}:${badge}`,
      },
    });
  }

  /**
   * A policy fired for the app: one notice to everyone its `notify` actions
   * name, sent once per firing however often it is asked.
   */
  async policyFired(
    app: GovernedApp,
    notice: {
      firingId: number;
      policyId: string;
      recipients: string[];
      title: string;
      description: string;
      severity: 'critical' | 'high' | 'normal' | 'low';
    },
  ): Promise<void> {
    if (notice.recipients.length === 0) return;
    await this.deliver(`policy-firing:${notice.firingId}`, {
      recipients: { type: 'entity', entityRef: notice.recipients },
      payload: {
        title: notice.title,
        description: notice.description,
        link: `${appLink(app)}/policy`,
        severity: notice.severity,
        topic: 'MicroApp policies',
        scope: `microapps:${app.entityRef}:policy:${notice.policyId}`,
      },
    });
  }

  /** Looks at every app once and sends the notices that are due. */
  async scan(apps: GovernedApp[]): Promise<void> {
    const now = this.now();
    const approvals = await this.options.store.listApprovals();
    for (const app of apps) {
      const stage = reviewStage(app.entity.spec.lifecycle);
      if (!stage) continue;
      const mine = approvals.filter(
        a => a.entityRef === app.entityRef.toLocaleLowerCase('en-US'),
      );
      const needed = requiredBadges(app.risk.tier, stage);
      for (const detail of badgeDetails(app, mine, now).filter(b =>
        needed.includes(b.badge),
      )) {
        await this.noticeFor(app, detail, stage, mine, now);
      }
    }
  }

  private async noticeFor(
    app: GovernedApp,
    detail: BadgeDetail,
    stage: GatedStage,
    approvals: ApprovalRecord[],
    now: Date,
  ) {
    const base = {
      link: appLink(app),
      topic: TOPIC,
      scope: `microapps:${app.entityRef}:${detail.badge}`,
    };
    const approval = approvals.find(a => a.badge === detail.badge);
    if (detail.state === 'pending') {
      await this.reviewNeeded(app, detail, stage, base);
    } else if (detail.state === 'stale') {
      await this.staleApproval(app, detail, base);
    } else if (detail.state === 'granted' && approval) {
      await this.expiringApproval(app, detail, approval, now, base);
    } else if (detail.state === 'expired' && approval) {
      await this.expiredApproval(app, detail, approval, base);
    }
  }

  /** To the badge's stewards, but not the owning team: a review is needed. */
  private async reviewNeeded(
    app: GovernedApp,
    detail: BadgeDetail,
    stage: GatedStage,
    base: NoticeBase,
  ) {
    const stewards = this.stewardsOf(detail.badge);
    if (!stewards.length) return;
    const title = badgeTitle(detail.badge);
    await this.once(
      `review-needed:${app.entityRef}:${detail.badge}:${app.digest}`,
      async () => ({
        // Excluding the group ref alone would not exclude its members.
        recipients: {
          type: 'entity',
          entityRef: stewards,
          excludeEntityRef: [
            app.owner,
            ...(await this.options.membersOf(app.owner)),
          ],
        },
        payload: {
          ...base,
          title: `${title} needed for ${titleOf(app)}`,
          description: `${titleOf(app)} (${app.risk.tier} tier, score ${
            app.risk.score
          }) needs a ${title.toLowerCase()} before ${stage}.`,
        },
      }),
    );
  }

  /** To the owners and stewards: an approval stopped counting. */
  private async staleApproval(
    app: GovernedApp,
    detail: BadgeDetail,
    base: NoticeBase,
  ) {
    const title = badgeTitle(detail.badge);
    const changed =
      detail.changes?.map(c => c.field).join(', ') || 'the manifest';
    let why = `Changed since the review: ${changed}.`;
    if (detail.staleReason === 'separation-of-duties' && detail.conflictsWith) {
      why = `${detail.approver} also granted ${badgeTitle(
        detail.conflictsWith,
      ).toLowerCase()}, and a ${
        app.risk.tier
      }-tier app needs a different steward for each.`;
    } else if (detail.staleReason === 'review-required') {
      why = `Policy ${detail.reviewRequiredBy} asked for a new review.`;
    }
    // A policy may ask again after a new grant: each request is its own notice.
    const occasion =
      detail.staleReason === 'review-required'
        ? `review:${detail.reviewRequiredAt}`
        : app.digest;
    await this.once(
      `stale:${app.entityRef}:${detail.badge}:${occasion}`,
      async () => ({
        recipients: {
          type: 'entity',
          entityRef: [app.owner, ...this.stewardsOf(detail.badge)],
        },
        payload: {
          ...base,
          severity: 'high',
          title: `${title} of ${titleOf(app)} is stale`,
          description: `${why} The badge no longer counts until it is granted again.`,
        },
      }),
    );
  }

  /** To the owners, within `expiryWarningDays` of the expiry. */
  private async expiringApproval(
    app: GovernedApp,
    detail: BadgeDetail,
    approval: ApprovalRecord,
    now: Date,
    base: NoticeBase,
  ) {
    const daysLeft = (Date.parse(approval.expiresAt) - now.getTime()) / DAY_MS;
    if (daysLeft > this.options.expiryWarningDays) return;
    await this.once(
      `expiring:${app.entityRef}:${detail.badge}:${approval.expiresAt}`,
      async () => ({
        recipients: { type: 'entity', entityRef: app.owner },
        payload: {
          ...base,
          title: `${badgeTitle(detail.badge)} of ${titleOf(
            app,
          )} expires in ${Math.max(0, Math.ceil(daysLeft))} days`,
          description: `It expires on ${approval.expiresAt.slice(
            0,
            10,
          )}; ask a steward to review it again.`,
        },
      }),
    );
  }

  private async expiredApproval(
    app: GovernedApp,
    detail: BadgeDetail,
    approval: ApprovalRecord,
    base: NoticeBase,
  ) {
    await this.once(
      `expired:${app.entityRef}:${detail.badge}:${approval.expiresAt}`,
      async () => ({
        recipients: { type: 'entity', entityRef: app.owner },
        payload: {
          ...base,
          severity: 'high',
          title: `${badgeTitle(detail.badge)} of ${titleOf(app)} has expired`,
          description: `It expired on ${approval.expiresAt.slice(
            0,
            10,
          )} and no longer counts.`,
        },
      }),
    );
  }

  private stewardsOf(badge: BadgeId): string[] {
    const role = BADGE_RULES.find(rule => rule.badge === badge)!.stewardRole;
    return this.options.stewards[role] ?? [];
  }

  /** Sends the notices whose earlier attempts failed and that are due again. */
  async retryDue(): Promise<void> {
    const now = this.now();
    const due = await this.options.store.takeDueNotices(
      now.toISOString(),
      new Date(now.getTime() + LEASE_MS).toISOString(),
      RETRY_BATCH,
    );
    for (const notice of due) {
      await this.attempt(
        notice.key,
        notice.notification as unknown as Notification,
        notice.attempts,
      );
    }
  }

  private async once(key: string, notification: () => Promise<Notification>) {
    await this.deliver(key, await notification());
  }

  /** Records the notice under its key and, if it is new, sends it. */
  private async deliver(key: string, notification: Notification) {
    const now = this.now();
    const recorded = await this.options.store.recordNotice(
      key,
      notification as unknown as JsonObject,
      now.toISOString(),
      new Date(now.getTime() + LEASE_MS).toISOString(),
    );
    if (recorded) await this.attempt(key, notification, 0);
  }

  private async attempt(
    key: string,
    notification: Notification,
    failedBefore: number,
  ) {
    try {
      await this.options.notifications.send(notification);
      await this.options.store.markNoticeSent(key, this.now().toISOString());
    } catch (error) {
      const attempts = failedBefore + 1;
      const gaveUp = attempts >= MAX_NOTICE_ATTEMPTS;
      await this.options.store.markNoticeFailed(key, {
        attempts,
        retryAt: gaveUp
          ? undefined
          : new Date(
              this.now().getTime() + retryDelayMs(attempts),
            ).toISOString(),
        error: String(error),
      });
      const message = `Could not send the notification "${notification.payload.title}" (attempt ${attempts} of ${MAX_NOTICE_ATTEMPTS}): ${error}`;
      if (gaveUp) this.options.logger.error(`${message}; giving up`);
      else this.options.logger.warn(`${message}; will retry`);
    }
  }
}

function titleOf(app: GovernedApp): string {
  return app.entity.metadata.title ?? app.entity.metadata.name;
}

function appLink(app: GovernedApp): string {
  const { namespace = 'default', name } = app.entity.metadata;
  return `/catalog/${namespace}/microapp/${name}`;
}
