import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  type PermissionRuleset,
} from '@backstage/plugin-permission-node';
import type { BadgeId } from '@trellis/plugin-microapps-common';
import type { NewAuditEntry } from '../audit/AuditStore';
import type { MicroAppResource } from '@trellis/plugin-microapps-node';
import type { GovernedApp } from '../registry/governedApp';
import { isInOwningTeam } from './owningTeam';

/** Who acts, as their token says. */
export interface Actor {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

export interface GovernanceGuardOptions {
  catalog: CatalogService;
  /** The plugin's own credentials, for catalog reads that must not depend on the caller. */
  auth: AuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  ruleset: PermissionRuleset<MicroAppResource>;
  now?: () => Date;
}

/**
 * What every governance action checks before it writes: who the caller is,
 * whether the permission policy lets them act on this app, and whether they
 * belong to the team that owns it.
 */
export class GovernanceGuard {
  /** Applies a conditional decision to one app. */
  readonly decide: ReturnType<
    typeof createConditionAuthorizer<MicroAppResource>
  >;
  readonly now: () => Date;

  constructor(private readonly options: GovernanceGuardOptions) {
    this.decide = createConditionAuthorizer(options.ruleset);
    this.now = options.now ?? (() => new Date());
  }

  async actor(credentials: BackstageCredentials): Promise<Actor> {
    const info = await this.options.userInfo.getUserInfo(credentials);
    return {
      userEntityRef: info.userEntityRef,
      ownershipEntityRefs: info.ownershipEntityRefs,
    };
  }

  /** Throws NotAllowedError ("You may not …") unless the policy allows it on this app. */
  async requirePermission(
    permission: ResourcePermission<'microapp'>,
    resource: MicroAppResource,
    credentials: BackstageCredentials,
    refusal: string,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (!this.decide(decision, resource)) {
      throw new NotAllowedError(`You may not ${refusal}`);
    }
  }

  /** By the token's claims and, transitively, by the catalog's groups. */
  async inOwningTeam(actor: Actor, app: GovernedApp): Promise<boolean> {
    return isInOwningTeam({
      catalog: this.options.catalog,
      credentials: await this.options.auth.getOwnServiceCredentials(),
      userRef: actor.userEntityRef,
      ownershipClaims: actor.ownershipEntityRefs,
      ownerRef: app.owner,
    });
  }
}

/** The audit entry of a governance action on an app, with the app's risk at the time. */
export function appAuditEntry(
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
