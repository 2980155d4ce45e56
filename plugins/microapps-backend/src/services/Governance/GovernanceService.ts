import type {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  type PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  BADGE_IDS,
  type BadgeId,
  badgesForTier,
  type GatedStage,
  isBadgeId,
  type KillSwitchState,
  type MicroAppDetail,
  MICROAPP_KIND,
  microAppAuditReadPermission,
  microAppBadgeGrantPermission,
  microAppBadgeRevokePermission,
  microAppKillSwitchSetPermission,
  type ModelCatalogEntry,
  type ReviewItem,
  requiredBadges,
  type RiskMatrix,
  validateMicroAppEntity,
} from '@trellis/plugin-microapps-common';
import type {
  ApprovalRecord,
  GovernanceStore,
  NewAuditEntry,
} from '../../database/GovernanceStore';
import type { MicroAppResource } from '../../permissions/rules';
import { verifyAuditLog } from '../Audit/verifyAuditLog';
import {
  approvalState,
  badgeDetails,
  badgeTitle,
  describeApp,
  gateFor,
  type GovernedApp,
  governedApp,
  nextGatedStage,
  specChanges,
} from './appGovernance';
import type { GovernanceNotifier } from '../Notifications/GovernanceNotifier';

const MAX_COMMENT_LENGTH = 4000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface GovernanceServiceOptions {
  store: GovernanceStore;
  catalog: CatalogService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  ruleset: PermissionRuleset<MicroAppResource>;
  models: readonly ModelCatalogEntry[];
  riskMatrix: RiskMatrix;
  /** How long an approval holds. */
  approvalTtlDays: number;
  /** Apps to consider for the steward inbox, with when each review became due. */
  listApps: () => Promise<
    Array<{ app: GovernedApp; firstSeenAt?: string; digestSince?: string }>
  >;
  /** Tells owners about grants and revokes. */
  notifier?: GovernanceNotifier;
  /** Called after an approval changed, with the app as just read from the catalog. */
  onApprovalsChanged?: (app: GovernedApp, approvals: ApprovalRecord[]) => void;
  now?: () => Date;
}

interface Actor {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

/**
 * Approvals, gates, kill switches and the audit log. The hard rules live
 * here and hold whatever the permission policy says: a comment on every
 * grant and revoke, no grant by a member of the owning group, no one person
 * granting two of a high-tier app's badges, approvals bound to the digest
 * they were granted on and expiring.
 */
export class GovernanceService {
  private readonly authorizeConditions: ReturnType<
    typeof createConditionAuthorizer<MicroAppResource>
  >;
  private readonly now: () => Date;

  constructor(private readonly options: GovernanceServiceOptions) {
    this.authorizeConditions = createConditionAuthorizer(options.ruleset);
    this.now = options.now ?? (() => new Date());
  }

  async loadApp(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<GovernedApp> {
    // Read with the caller's credentials so that catalog read permissions apply.
    const entity = await this.options.catalog.getEntityByRef(
      { kind: MICROAPP_KIND, namespace: ref.namespace, name: ref.name },
      { credentials },
    );
    const validated = entity && validateMicroAppEntity(entity);
    if (!validated || !validated.valid) {
      throw new NotFoundError(`No MicroApp named ${ref.namespace}/${ref.name}`);
    }
    return governedApp(validated.entity, this.options);
  }

  async describe(app: GovernedApp): Promise<MicroAppDetail> {
    const [approvals, killSwitch] = await Promise.all([
      this.options.store.listApprovals(app.entityRef),
      this.getKillSwitch(app.entityRef),
    ]);
    return describeApp(app, approvals, killSwitch, this.now());
  }

  async gate(app: GovernedApp, stage: GatedStage) {
    const [approvals, killSwitch] = await Promise.all([
      this.options.store.listApprovals(app.entityRef),
      this.getKillSwitch(app.entityRef),
    ]);
    return gateFor(
      app,
      badgeDetails(app, approvals, this.now()),
      stage,
      killSwitch,
    );
  }

  async grant(
    app: GovernedApp,
    badgeId: string,
    comment: unknown,
    credentials: BackstageCredentials,
  ) {
    const badge = this.requireBadge(badgeId);
    const text = requireComment(comment, 'grant');
    const actor = await this.actor(credentials);
    await this.requirePermission(
      microAppBadgeGrantPermission,
      app,
      badge,
      credentials,
      `grant ${badge}`,
    );

    if (
      actor.ownershipEntityRefs.some(
        ref => ref.toLocaleLowerCase('en-US') === app.owner,
      )
    ) {
      throw new NotAllowedError(
        `Separation of duties: you are a member of ${app.owner}, which owns ${app.entityRef}, so you cannot grant its badges`,
      );
    }
    const now = this.now();
    const approvals = await this.options.store.listApprovals(app.entityRef);
    if (app.risk.tier === 'high') {
      const other = approvals.find(
        a =>
          a.badge !== badge &&
          a.approver === actor.userEntityRef &&
          badgesForTier('high').includes(a.badge) &&
          ['granted', 'stale'].includes(approvalState(a, app.digest, now)),
      );
      if (other) {
        throw new NotAllowedError(
          `Separation of duties: you already granted ${other.badge} on this high-tier app; another steward must grant ${badge}`,
        );
      }
    }

    const current = approvals.find(a => a.badge === badge);
    const grantedAt = now.toISOString();
    await this.options.store.grant({
      approval: {
        entityRef: app.entityRef,
        badge,
        digest: app.digest,
        reviewedSpec: app.reviewable,
        approver: actor.userEntityRef,
        comment: text,
        grantedAt,
        expiresAt: new Date(
          now.getTime() + this.options.approvalTtlDays * DAY_MS,
        ).toISOString(),
      },
      expectedVersion: current?.version,
      audit: this.auditEntry('badge.granted', actor, app, {
        badge,
        comment: text,
        occurredAt: grantedAt,
      }),
    });
    void this.options.notifier?.badgeChanged(
      app,
      badge,
      'granted',
      actor.userEntityRef,
      text,
    );
    return this.afterApprovalChange(app);
  }

  async revoke(
    app: GovernedApp,
    badgeId: string,
    comment: unknown,
    credentials: BackstageCredentials,
  ) {
    const badge = this.requireBadge(badgeId);
    const text = requireComment(comment, 'revoke');
    const actor = await this.actor(credentials);
    await this.requirePermission(
      microAppBadgeRevokePermission,
      app,
      badge,
      credentials,
      `revoke ${badge}`,
    );

    const current = (
      await this.options.store.listApprovals(app.entityRef)
    ).find(a => a.badge === badge);
    if (!current || current.state === 'revoked') {
      throw new ConflictError(
        `${badge} is not granted on ${app.entityRef}, so there is nothing to revoke`,
      );
    }
    const revokedAt = this.now().toISOString();
    await this.options.store.revoke({
      entityRef: app.entityRef,
      badge,
      revokedBy: actor.userEntityRef,
      revokedAt,
      comment: text,
      expectedVersion: current.version,
      audit: this.auditEntry('badge.revoked', actor, app, {
        badge,
        comment: text,
        occurredAt: revokedAt,
      }),
    });
    void this.options.notifier?.badgeChanged(
      app,
      badge,
      'revoked',
      actor.userEntityRef,
      text,
    );
    return this.afterApprovalChange(app);
  }

  async getKillSwitch(entityRef: string): Promise<KillSwitchState> {
    const stored = await this.options.store.getKillSwitch(entityRef);
    return (
      stored ?? {
        entityRef: entityRef.toLocaleLowerCase('en-US'),
        enabled: false,
      }
    );
  }

  async setKillSwitch(
    app: GovernedApp,
    body: { enabled: boolean; reason: unknown },
    credentials: BackstageCredentials,
  ): Promise<KillSwitchState> {
    const reason = requireComment(
      body.reason,
      body.enabled ? 'turn the kill switch on' : 'turn the kill switch off',
      'reason',
    );
    const actor = await this.actor(credentials);
    await this.requirePermission(
      microAppKillSwitchSetPermission,
      app,
      undefined,
      credentials,
      'set the kill switch',
    );
    const updatedAt = this.now().toISOString();
    return this.options.store.setKillSwitch(
      {
        entityRef: app.entityRef,
        enabled: body.enabled,
        reason,
        updatedBy: actor.userEntityRef,
        updatedAt,
      },
      this.auditEntry(
        body.enabled ? 'killswitch.enabled' : 'killswitch.disabled',
        actor,
        app,
        {
          comment: reason,
          occurredAt: updatedAt,
        },
      ),
    );
  }

  /** The reviews the caller may act on, oldest first. */
  async reviews(credentials: BackstageCredentials): Promise<ReviewItem[]> {
    const actor = await this.actor(credentials);
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: microAppBadgeGrantPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) return [];
    const now = this.now();
    const approvals = groupByApp(await this.options.store.listApprovals());
    const items: ReviewItem[] = [];

    for (const {
      app,
      firstSeenAt,
      digestSince,
    } of await this.options.listApps()) {
      const lifecycle = app.entity.spec.lifecycle;
      const neededFor = nextGatedStage(lifecycle);
      if (!neededFor) continue;
      if (
        actor.ownershipEntityRefs.some(
          ref => ref.toLocaleLowerCase('en-US') === app.owner,
        )
      )
        continue;
      const appApprovals =
        approvals.get(app.entityRef.toLocaleLowerCase('en-US')) ?? [];
      const mine = appApprovals.filter(
        a => a.approver === actor.userEntityRef && a.state === 'granted',
      );

      for (const badge of requiredBadges(app.risk.tier, neededFor)) {
        const approval = appApprovals.find(a => a.badge === badge);
        const state = approvalState(approval, app.digest, now);
        if (state === 'granted') continue;
        if (!this.authorizeConditions(decision, resourceOf(app, badge)))
          continue;
        if (app.risk.tier === 'high' && mine.some(a => a.badge !== badge))
          continue;
        const since =
          (state === 'stale' && digestSince) ||
          (state === 'expired' && approval?.expiresAt) ||
          (state === 'revoked' && approval?.revokedAt) ||
          firstSeenAt ||
          now.toISOString();
        items.push({
          entityRef: app.entityRef,
          title: app.entity.metadata.title ?? app.entity.metadata.name,
          owner: app.owner,
          lifecycle,
          tier: app.risk.tier,
          score: app.risk.score,
          badge,
          state,
          neededFor,
          since,
          ageDays: Math.max(
            0,
            Math.floor((now.getTime() - Date.parse(since)) / DAY_MS),
          ),
          ...(state === 'stale' && approval
            ? { changes: specChanges(approval.reviewedSpec, app.reviewable) }
            : {}),
        });
      }
    }
    return items.sort(
      (a, b) =>
        a.since.localeCompare(b.since) ||
        a.entityRef.localeCompare(b.entityRef),
    );
  }

  async listAudit(
    credentials: BackstageCredentials,
    options: { entityRef?: string; beforeId?: number; limit: number },
  ) {
    await this.requireAuditRead(credentials);
    return this.options.store.listAudit(options);
  }

  async verifyAudit(credentials: BackstageCredentials) {
    await this.requireAuditRead(credentials);
    return verifyAuditLog(this.options.store);
  }

  /** Every audit entry, oldest first, a batch at a time. */
  async *exportAudit(credentials: BackstageCredentials) {
    await this.requireAuditRead(credentials);
    let afterId = 0;
    for (;;) {
      const batch = await this.options.store.readAuditInOrder(afterId, 1000);
      if (batch.length === 0) return;
      yield batch;
      afterId = batch[batch.length - 1].id;
    }
  }

  private async afterApprovalChange(app: GovernedApp): Promise<MicroAppDetail> {
    const approvals = await this.options.store.listApprovals(app.entityRef);
    this.options.onApprovalsChanged?.(app, approvals);
    return describeApp(
      app,
      approvals,
      await this.getKillSwitch(app.entityRef),
      this.now(),
    );
  }

  private requireBadge(badge: string): BadgeId {
    if (!isBadgeId(badge)) {
      throw new NotFoundError(
        `No badge named ${badge}; badges are ${BADGE_IDS.join(', ')}`,
      );
    }
    return badge;
  }

  private async actor(credentials: BackstageCredentials): Promise<Actor> {
    const info = await this.options.userInfo.getUserInfo(credentials);
    return {
      userEntityRef: info.userEntityRef,
      ownershipEntityRefs: info.ownershipEntityRefs,
    };
  }

  private async requirePermission(
    permission: ResourcePermission<'microapp'>,
    app: GovernedApp,
    badge: BadgeId | undefined,
    credentials: BackstageCredentials,
    action: string,
  ) {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (!this.authorizeConditions(decision, resourceOf(app, badge))) {
      const who = badge
        ? `${badgeTitle(badge)} stewards`
        : 'people permitted to do so';
      throw new NotAllowedError(
        `You may not ${action} on ${app.entityRef}: only ${who} may`,
      );
    }
  }

  private async requireAuditRead(credentials: BackstageCredentials) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: microAppAuditReadPermission as BasicPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not read the MicroApp audit log');
    }
  }

  private auditEntry(
    action: string,
    actor: Actor,
    app: GovernedApp,
    extra: { badge?: BadgeId; comment: string; occurredAt: string },
  ): NewAuditEntry {
    return {
      occurredAt: extra.occurredAt,
      actor: actor.userEntityRef,
      action,
      entityRef: app.entityRef,
      badge: extra.badge,
      digest: app.digest,
      comment: extra.comment,
      details: {
        tier: app.risk.tier,
        score: app.risk.score,
        lifecycle: app.entity.spec.lifecycle,
      },
    };
  }
}

export function resourceOf(
  app: GovernedApp,
  badge?: BadgeId,
): MicroAppResource {
  return {
    entityRef: app.entityRef,
    owner: app.owner,
    tier: app.risk.tier,
    lifecycle: app.entity.spec.lifecycle,
    ...(badge ? { badge } : {}),
  };
}

function requireComment(
  value: unknown,
  action: string,
  field = 'comment',
): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) {
    throw new InputError(`${field} is required: say why you ${action}`);
  }
  if (text.length > MAX_COMMENT_LENGTH) {
    throw new InputError(
      `${field} must be at most ${MAX_COMMENT_LENGTH} characters`,
    );
  }
  return text;
}

function groupByApp(
  approvals: ApprovalRecord[],
): Map<string, ApprovalRecord[]> {
  const byApp = new Map<string, ApprovalRecord[]>();
  for (const approval of approvals) {
    const list = byApp.get(approval.entityRef) ?? [];
    list.push(approval);
    byApp.set(approval.entityRef, list);
  }
  return byApp;
}
