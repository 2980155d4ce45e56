import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { randomBytes } from 'crypto';
import {
  ConflictError,
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
  type GatedStage,
  isBadgeId,
  type KillSwitchState,
  type MicroAppDetail,
  MICROAPP_KIND,
  microAppAuditReadPermission,
  microAppBadgeGrantPermission,
  microAppBadgeRevokePermission,
  microAppKillSwitchEngagePermission,
  microAppPublicBadgeManagePermission,
  microAppKillSwitchReleasePermission,
  type ModelCatalogEntry,
  type ReviewItem,
  requiredBadges,
  type ConnectorExposureMap,
  type RiskMatrix,
  type StewardRole,
  validateMicroAppEntity,
} from '@trellis/plugin-microapps-common';
import type {
  ApprovalRecord,
  GovernanceStore,
  KillSwitch,
  NewAuditEntry,
} from '../../database/GovernanceStore';
import type { MicroAppResource } from '../../permissions/rules';
import {
  type StewardGroups,
  stewardRolesOf,
} from '../../permissions/stewardPolicy';
import type { AppReadAccess } from '../Access/AppReadAccess';
import { verifyAuditLog } from '../Audit/verifyAuditLog';
import { governanceText } from './governanceText';
import { isInOwningTeam } from './owningTeam';
import { resourceOf } from './resourceOf';
import { badgeAlreadyGrantedBy } from './separationOfDuties';
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

const DAY_MS = 24 * 60 * 60 * 1000;

export interface GovernanceServiceOptions {
  store: GovernanceStore;
  catalog: CatalogService;
  /** The plugin's own credentials, for catalog reads that must not depend on the caller. */
  auth: AuthService;
  /** Which apps a caller may read. */
  access: AppReadAccess;
  /** Groups of each steward role (`microapps.stewards`). */
  stewards: StewardGroups;
  /** Roles whose stewards may release any kill switch. */
  killSwitchStewardRoles: StewardRole[];
  /**
   * The catalog's exposure of connector Resources, as of the index's last
   * refresh: apps loaded one at a time are scored with it too.
   */
  connectorExposures?: () => ConnectorExposureMap;
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
    const visibility = await this.options.access.forCaller(credentials);
    // Read with the caller's credentials so that catalog read permissions apply.
    const entity = await this.options.catalog.getEntityByRef(
      { kind: MICROAPP_KIND, namespace: ref.namespace, name: ref.name },
      { credentials },
    );
    const validated = entity && validateMicroAppEntity(entity);
    const app = validated?.valid
      ? governedApp(validated.entity, this.options)
      : undefined;
    // An app the caller may not read is answered like one that does not exist.
    if (!app || !visibility.canRead(app)) {
      throw new NotFoundError(`No MicroApp named ${ref.namespace}/${ref.name}`);
    }
    return app;
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
    const text = governanceText(comment, {
      field: 'comment',
      action: 'grant',
    });
    const actor = await this.actor(credentials);
    await this.requirePermission(
      microAppBadgeGrantPermission,
      resourceOf(app, { badge }),
      credentials,
      `grant ${badge} on ${app.entityRef}: only ${badgeTitle(
        badge,
      )} stewards may`,
    );
    if (await this.inOwningTeam(actor, app)) {
      throw new NotAllowedError(
        `Separation of duties: you are a member of ${app.owner} (or of a group it contains or belongs to), which owns ${app.entityRef}, so you cannot grant its badges`,
      );
    }

    const now = this.now();
    const current = (
      await this.options.store.listApprovals(app.entityRef)
    ).find(a => a.badge === badge);
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
    const text = governanceText(comment, {
      field: 'comment',
      action: 'revoke',
    });
    const actor = await this.actor(credentials);
    await this.requirePermission(
      microAppBadgeRevokePermission,
      resourceOf(app, { badge }),
      credentials,
      `revoke ${badge} on ${app.entityRef}: only ${badgeTitle(
        badge,
      )} stewards may`,
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
    return this.killSwitchState(
      entityRef,
      await this.options.store.getKillSwitch(entityRef),
    );
  }

  private killSwitchState(
    entityRef: string,
    stored: KillSwitch | undefined,
  ): KillSwitchState {
    if (!stored) {
      return {
        entityRef: entityRef.toLocaleLowerCase('en-US'),
        enabled: false,
      };
    }
    const { version: _version, ...state } = stored;
    if (!stored.enabled) {
      const { engagedByRole: _role, ...off } = state;
      return off;
    }
    return {
      ...state,
      releasableBy:
        stored.engagedByRole === 'owner' ? 'owners-or-stewards' : 'stewards',
      releaseStewardRoles: this.options.killSwitchStewardRoles,
    };
  }

  /**
   * Engages (`enabled: true`) or releases the kill switch. Engaging needs
   * `microapps.killswitch.engage`; releasing needs
   * `microapps.killswitch.release`, decided on the switch as it is (who
   * engaged it), and refused if the switch changed before the release
   * committed.
   */
  async setKillSwitch(
    app: GovernedApp,
    body: { enabled: boolean; reason: unknown },
    credentials: BackstageCredentials,
  ): Promise<KillSwitchState> {
    const reason = governanceText(body.reason, {
      field: 'reason',
      action: body.enabled
        ? 'turn the kill switch on'
        : 'turn the kill switch off',
    });
    const actor = await this.actor(credentials);
    const stored = await this.options.store.getKillSwitch(app.entityRef);
    const before = this.killSwitchState(app.entityRef, stored);
    if (body.enabled) {
      await this.requirePermission(
        microAppKillSwitchEngagePermission,
        resourceOf(app, { killSwitch: before }),
        credentials,
        `turn on the kill switch of ${
          app.entityRef
        }: only its owners and the ${this.killSwitchStewards()} may`,
      );
    } else {
      if (!before.enabled) {
        throw new ConflictError(
          `The kill switch of ${app.entityRef} is already off`,
        );
      }
      await this.requirePermission(
        microAppKillSwitchReleasePermission,
        resourceOf(app, { killSwitch: before }),
        credentials,
        before.engagedByRole === 'owner'
          ? `turn off the kill switch of ${
              app.entityRef
            }: only its owners and the ${this.killSwitchStewards()} may`
          : `turn off the kill switch of ${app.entityRef}: a ${
              before.engagedByRole === 'policy' ? 'policy' : 'steward'
            } turned it on, so only the ${this.killSwitchStewards()} may turn it off`,
      );
    }
    const isSteward =
      stewardRolesOf(actor.ownershipEntityRefs, this.options.stewards).length >
      0;
    const updatedAt = this.now().toISOString();
    await this.options.store.setKillSwitch(
      {
        entityRef: app.entityRef,
        enabled: body.enabled,
        reason,
        updatedBy: actor.userEntityRef,
        updatedAt,
        engagedByRole: isSteward ? 'steward' : 'owner',
        verify: current => {
          // A release was decided on the switch as it was read; if someone
          // engaged it again meanwhile, that decision no longer holds.
          if (!body.enabled && current?.version !== stored?.version) {
            throw new ConflictError(
              `The kill switch of ${app.entityRef} was changed by someone else at the same time; reload and try again`,
            );
          }
        },
      },
      this.auditEntry(
        body.enabled ? 'killswitch.enabled' : 'killswitch.disabled',
        actor,
        app,
        { comment: reason, occurredAt: updatedAt },
      ),
    );
    return this.getKillSwitch(app.entityRef);
  }

  /** The token of the app's public badge addresses, if it has them. */
  async publicBadgeToken(app: GovernedApp): Promise<string | undefined> {
    return this.options.store.getPublicBadgeToken(app.entityRef);
  }

  /**
   * Gives the app new public badge addresses (`rotate`), so that old ones
   * stop working, or takes them away (`revoke`). Needs
   * `microapps.badge.public.manage`; audited. Answers the new token.
   */
  async changePublicBadges(
    app: GovernedApp,
    change: 'rotate' | 'revoke',
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    const actor = await this.actor(credentials);
    await this.requirePermission(
      microAppPublicBadgeManagePermission,
      resourceOf(app),
      credentials,
      `change the public badge addresses of ${app.entityRef}: only its owners and stewards may`,
    );
    const had = await this.options.store.getPublicBadgeToken(app.entityRef);
    if (change === 'revoke' && !had) return undefined;
    const token =
      change === 'rotate' ? randomBytes(24).toString('base64url') : null;
    const now = this.now();
    let action = 'public-badges.revoked';
    if (change === 'rotate') {
      action = had ? 'public-badges.rotated' : 'public-badges.created';
    }
    await this.options.store.setPublicBadgeToken({
      entityRef: app.entityRef,
      token,
      now,
      audit: this.auditEntry(action, actor, app, {
        comment:
          change === 'rotate'
            ? 'New public badge addresses; any earlier ones stopped working'
            : 'Public badge addresses taken away',
        occurredAt: now.toISOString(),
      }),
    });
    return token ?? undefined;
  }

  /** The reviews the caller may act on, oldest first. */
  async reviews(credentials: BackstageCredentials): Promise<ReviewItem[]> {
    const actor = await this.actor(credentials);
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: microAppBadgeGrantPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) return [];
    const visibility = await this.options.access.forCaller(credentials);
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
      if (!neededFor || !visibility.canRead(app)) continue;
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
        if (!this.authorizeConditions(decision, resourceOf(app, { badge })))
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
    resource: MicroAppResource,
    credentials: BackstageCredentials,
    refusal: string,
  ) {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (!this.authorizeConditions(decision, resource)) {
      throw new NotAllowedError(`You may not ${refusal}`);
    }
  }

  private killSwitchStewards(): string {
    const roles = this.options.killSwitchStewardRoles;
    return `${roles.join(' or ')} steward${roles.length === 1 ? '' : 's'}`;
  }

  /** By the token's claims and, transitively, by the catalog's groups. */
  private async inOwningTeam(actor: Actor, app: GovernedApp): Promise<boolean> {
    return isInOwningTeam({
      catalog: this.options.catalog,
      credentials: await this.options.auth.getOwnServiceCredentials(),
      userRef: actor.userEntityRef,
      ownershipClaims: actor.ownershipEntityRefs,
      ownerRef: app.owner,
    });
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
