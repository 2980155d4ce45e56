import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  BADGE_RULES,
  type BadgeDetail,
  type BadgeId,
  type GatedStage,
  requiredBadges,
} from '@trellis/plugin-microapps-common';
import type {
  ApprovalRecord,
  GovernanceStore,
} from '../../database/GovernanceStore';
import type { StewardGroups } from '../../permissions/stewardPolicy';
import {
  badgeDetails,
  badgeTitle,
  type GovernedApp,
  nextGatedStage,
} from '../Governance/appGovernance';

const DAY_MS = 24 * 60 * 60 * 1000;
const TOPIC = 'MicroApp governance';

export interface GovernanceNotifierOptions {
  notifications: NotificationService;
  store: Pick<GovernanceStore, 'listApprovals' | 'claimNotice'>;
  stewards: StewardGroups;
  logger: LoggerService;
  /** Owners are told this many days before a badge expires. */
  expiryWarningDays: number;
  /** User refs of a group's members, to keep owners out of their own app's reviews. */
  membersOf: (groupRef: string) => Promise<string[]>;
  now?: () => Date;
}

/**
 * Tells stewards when a review is needed or a badge went stale, and owners
 * when a badge is granted, revoked, stale, expiring or expired. A notice is
 * sent once: its key is claimed in the database first, so several replicas
 * or repeated scans never send it twice. Sending never fails the action
 * that caused it.
 */
export class GovernanceNotifier {
  private readonly now: () => Date;

  constructor(private readonly options: GovernanceNotifierOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async badgeChanged(
    app: GovernedApp,
    badge: BadgeId,
    action: 'granted' | 'revoked',
    actor: string,
    comment: string,
  ): Promise<void> {
    await this.send({
      recipients: {
        type: 'entity',
        entityRef: app.owner,
        excludeEntityRef: actor,
      },
      payload: {
        title: `${badgeTitle(badge)} ${action} for ${titleOf(app)}`,
        description: `${actor} ${action} ${badgeTitle(
          badge,
        ).toLowerCase()}: ${comment}`,
        link: appLink(app),
        severity: action === 'revoked' ? 'high' : 'normal',
        topic: TOPIC,
        scope: `microapps:${app.entityRef}:${badge}`,
      },
    });
  }

  /** Looks at every app once and sends the notices that are due. */
  async scan(apps: GovernedApp[]): Promise<void> {
    const now = this.now();
    const approvals = await this.options.store.listApprovals();
    for (const app of apps) {
      const stage = nextGatedStage(app.entity.spec.lifecycle);
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
    const title = badgeTitle(detail.badge);
    const stewards = this.stewardsOf(detail.badge);
    const base = {
      link: appLink(app),
      topic: TOPIC,
      scope: `microapps:${app.entityRef}:${detail.badge}`,
    };

    if (detail.state === 'pending' && stewards.length) {
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
    if (detail.state === 'stale') {
      const changed =
        detail.changes?.map(c => c.field).join(', ') || 'the manifest';
      await this.once(
        `stale:${app.entityRef}:${detail.badge}:${app.digest}`,
        async () => ({
          recipients: { type: 'entity', entityRef: [app.owner, ...stewards] },
          payload: {
            ...base,
            severity: 'high',
            title: `${title} of ${titleOf(app)} is stale`,
            description: `Changed since the review: ${changed}. The badge no longer counts until it is granted again.`,
          },
        }),
      );
    }
    const approval = approvals.find(a => a.badge === detail.badge);
    if (detail.state === 'granted' && approval) {
      const daysLeft =
        (Date.parse(approval.expiresAt) - now.getTime()) / DAY_MS;
      if (daysLeft <= this.options.expiryWarningDays) {
        await this.once(
          `expiring:${app.entityRef}:${detail.badge}:${approval.expiresAt}`,
          async () => ({
            recipients: { type: 'entity', entityRef: app.owner },
            payload: {
              ...base,
              title: `${title} of ${titleOf(app)} expires in ${Math.max(
                0,
                Math.ceil(daysLeft),
              )} days`,
              description: `It expires on ${approval.expiresAt.slice(
                0,
                10,
              )}; ask a steward to review it again.`,
            },
          }),
        );
      }
    }
    if (detail.state === 'expired' && approval) {
      await this.once(
        `expired:${app.entityRef}:${detail.badge}:${approval.expiresAt}`,
        async () => ({
          recipients: { type: 'entity', entityRef: app.owner },
          payload: {
            ...base,
            severity: 'high',
            title: `${title} of ${titleOf(app)} has expired`,
            description: `It expired on ${approval.expiresAt.slice(
              0,
              10,
            )} and no longer counts.`,
          },
        }),
      );
    }
  }

  private stewardsOf(badge: BadgeId): string[] {
    const role = BADGE_RULES.find(rule => rule.badge === badge)!.stewardRole;
    return this.options.stewards[role] ?? [];
  }

  private async once(
    key: string,
    notification: () => Promise<Parameters<NotificationService['send']>[0]>,
  ) {
    if (await this.options.store.claimNotice(key, this.now().toISOString())) {
      await this.send(await notification());
    }
  }

  private async send(notification: Parameters<NotificationService['send']>[0]) {
    try {
      await this.options.notifications.send(notification);
    } catch (error) {
      this.options.logger.warn(
        `Could not send the notification "${notification.payload.title}": ${error}`,
      );
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
