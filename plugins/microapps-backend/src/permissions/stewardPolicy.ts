import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  BADGE_RULES,
  MICROAPP_RESOURCE_TYPE,
  microAppAuditReadPermission,
  microAppBadgeGrantPermission,
  microAppBadgeRevokePermission,
  microAppKillSwitchSetPermission,
  type StewardRole,
} from '@trellis/plugin-microapps-common';
import { createMicroAppConditionalDecision, microAppConditions } from './rules';

/** Entity refs of the groups whose members hold each steward role (`microapps.stewards`). @public */
export type StewardGroups = Partial<Record<StewardRole, string[]>>;

/**
 * The default decision for the microapps permissions, for use inside a
 * permission policy: stewards grant and revoke the badges of their role;
 * platform and security stewards, and the app's owners, set its kill switch;
 * stewards read the audit log. Returns undefined for any other permission.
 * The backend enforces separation of duties and comments on top of this.
 *
 * @public
 */
export function microAppStewardDecision(
  request: PolicyQuery,
  user: PolicyQueryUser | undefined,
  stewards: StewardGroups,
): PolicyDecision | undefined {
  const { permission } = request;
  const ownership = (user?.info.ownershipEntityRefs ?? []).map(ref =>
    ref.toLocaleLowerCase('en-US'),
  );
  const roles = (Object.keys(stewards) as StewardRole[]).filter(role =>
    (stewards[role] ?? []).some(group =>
      ownership.includes(group.toLocaleLowerCase('en-US')),
    ),
  );

  if (isPermission(permission, microAppAuditReadPermission)) {
    return {
      result: roles.length ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    };
  }
  if (!isResourcePermission(permission, MICROAPP_RESOURCE_TYPE)) {
    return undefined;
  }
  if (
    isPermission(permission, microAppBadgeGrantPermission) ||
    isPermission(permission, microAppBadgeRevokePermission)
  ) {
    const badges = BADGE_RULES.filter(rule =>
      roles.includes(rule.stewardRole),
    ).map(rule => rule.badge);
    if (badges.length === 0) return { result: AuthorizeResult.DENY };
    return createMicroAppConditionalDecision(
      permission,
      microAppConditions.isBadge({ badges }),
    );
  }
  if (isPermission(permission, microAppKillSwitchSetPermission)) {
    if (roles.includes('platform') || roles.includes('security')) {
      return { result: AuthorizeResult.ALLOW };
    }
    return createMicroAppConditionalDecision(
      permission,
      microAppConditions.isMicroAppOwner({ claims: ownership }),
    );
  }
  return { result: AuthorizeResult.DENY };
}

/** Reads `microapps.stewards` from config. @public */
export function readStewardGroups(config: {
  getOptionalStringArray(key: string): string[] | undefined;
}): StewardGroups {
  const roles: StewardRole[] = [
    'security',
    'compliance',
    'executive',
    'platform',
  ];
  return Object.fromEntries(
    roles.map(role => [
      role,
      config.getOptionalStringArray(`microapps.stewards.${role}`) ?? [],
    ]),
  );
}
