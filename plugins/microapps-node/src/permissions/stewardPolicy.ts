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
  microAppCostsReadPermission,
  microAppGatewayKeyManagePermission,
  microAppIncidentsManagePermission,
  microAppIncidentsReadPermission,
  microAppIngestKeyManagePermission,
  microAppKillSwitchEngagePermission,
  microAppKillSwitchReleasePermission,
  microAppModelsReadPermission,
  microAppPoliciesEvaluatePermission,
  microAppPoliciesReadPermission,
  microAppPublicBadgeManagePermission,
  microAppReadPermission,
  microAppTelemetryWritePermission,
  microAppViolationsReadPermission,
  parseKillSwitchConfig,
  parseStewardsConfig,
  type StewardRole,
} from '@trellis/plugin-microapps-common';

import { createMicroAppConditionalDecision, microAppConditions } from './rules';

/** Entity refs of the groups whose members hold each steward role (`microapps.stewards`). @public */
export type StewardGroups = Partial<Record<StewardRole, string[]>>;

/**
 * Options of {@link microAppStewardDecision}.
 *
 * @public
 */
export interface StewardDecisionOptions {
  /**
   * Steward roles whose members may engage and release any app's kill
   * switch (`microapps.killSwitch.stewardRoles`; default security and
   * platform).
   */
  killSwitchStewardRoles?: StewardRole[];
}

/** @public */
export const DEFAULT_KILL_SWITCH_STEWARD_ROLES: StewardRole[] = [
  'security',
  'platform',
];

const READ_PERMISSIONS = [
  microAppReadPermission,
  microAppCostsReadPermission,
  microAppViolationsReadPermission,
  microAppModelsReadPermission,
  microAppTelemetryWritePermission,
];

/**
 * The default decision for the microapps permissions, for use inside a
 * permission policy:
 * - everyone signed in may read apps, costs, violations and models (which
 *   apps is still limited by the catalog's read decision for the caller);
 * - stewards grant and revoke the badges of their role, read the audit
 *   log, and list and evaluate policies;
 * - stewards and the app's owners manage its public badge address;
 * - platform stewards and the app's owners manage its ingest keys; platform
 *   stewards alone manage gateway keys;
 * - the kill-switch stewards (security and platform by default) and the
 *   app's owners engage its kill switch; the kill-switch stewards release
 *   any switch, owners only one their team engaged;
 * - stewards of any role and the app's owners read its incidents, add
 *   notes and mark them mitigated (the backend lets only stewards close
 *   one).
 * Returns undefined for any other permission. The backend enforces
 * separation of duties and comments on top of this.
 *
 * @public
 */
export function microAppStewardDecision(
  request: PolicyQuery,
  user: PolicyQueryUser | undefined,
  stewards: StewardGroups,
  options: StewardDecisionOptions = {},
): PolicyDecision | undefined {
  const { permission } = request;
  const ownership = (user?.info.ownershipEntityRefs ?? []).map(ref =>
    ref.toLocaleLowerCase('en-US'),
  );
  const roles = stewardRolesOf(ownership, stewards);
  const killSwitchRoles =
    options.killSwitchStewardRoles ?? DEFAULT_KILL_SWITCH_STEWARD_ROLES;
  const allow = { result: AuthorizeResult.ALLOW } as const;
  const deny = { result: AuthorizeResult.DENY } as const;

  if (READ_PERMISSIONS.some(read => isPermission(permission, read))) {
    return allow;
  }
  if (
    isPermission(permission, microAppAuditReadPermission) ||
    isPermission(permission, microAppPoliciesReadPermission) ||
    isPermission(permission, microAppPoliciesEvaluatePermission)
  ) {
    return roles.length ? allow : deny;
  }
  if (isPermission(permission, microAppGatewayKeyManagePermission)) {
    return roles.includes('platform') ? allow : deny;
  }
  if (!isResourcePermission(permission, MICROAPP_RESOURCE_TYPE)) {
    return undefined;
  }
  const owner = microAppConditions.isMicroAppOwner({ claims: ownership });
  if (
    isPermission(permission, microAppBadgeGrantPermission) ||
    isPermission(permission, microAppBadgeRevokePermission)
  ) {
    const badges = BADGE_RULES.filter(rule =>
      roles.includes(rule.stewardRole),
    ).map(rule => rule.badge);
    if (badges.length === 0) return deny;
    return createMicroAppConditionalDecision(
      permission,
      microAppConditions.isBadge({ badges }),
    );
  }
  if (isPermission(permission, microAppIngestKeyManagePermission)) {
    return roles.includes('platform')
      ? allow
      : createMicroAppConditionalDecision(permission, owner);
  }
  if (
    isPermission(permission, microAppPublicBadgeManagePermission) ||
    isPermission(permission, microAppIncidentsReadPermission) ||
    isPermission(permission, microAppIncidentsManagePermission)
  ) {
    return roles.length
      ? allow
      : createMicroAppConditionalDecision(permission, owner);
  }
  const killSwitchSteward = roles.some(role => killSwitchRoles.includes(role));
  if (isPermission(permission, microAppKillSwitchEngagePermission)) {
    return killSwitchSteward
      ? allow
      : createMicroAppConditionalDecision(permission, owner);
  }
  if (isPermission(permission, microAppKillSwitchReleasePermission)) {
    return killSwitchSteward
      ? allow
      : createMicroAppConditionalDecision(permission, {
          allOf: [
            owner,
            microAppConditions.killSwitchEngagedBy({ engagers: ['owner'] }),
          ],
        });
  }
  return deny;
}

/** The steward roles whose groups are among a user's ownership refs (lower-case). @public */
export function stewardRolesOf(
  ownershipEntityRefs: readonly string[],
  stewards: StewardGroups,
): StewardRole[] {
  const ownership = ownershipEntityRefs.map(ref =>
    ref.toLocaleLowerCase('en-US'),
  );
  return (Object.keys(stewards) as StewardRole[]).filter(role =>
    (stewards[role] ?? []).some(group =>
      ownership.includes(group.toLocaleLowerCase('en-US')),
    ),
  );
}

/**
 * Reads `microapps.killSwitch.stewardRoles` with the schema in common.
 *
 * @public
 */
export function readKillSwitchStewardRoles(config: {
  getOptional(key: string): unknown;
}): StewardRole[] {
  const { stewardRoles } = parseKillSwitchConfig(
    config.getOptional('microapps.killSwitch'),
  );
  return stewardRoles ?? DEFAULT_KILL_SWITCH_STEWARD_ROLES;
}

/** Reads `microapps.stewards` with the schema in common. @public */
export function readStewardGroups(config: {
  getOptional(key: string): unknown;
}): StewardGroups {
  return parseStewardsConfig(config.getOptional('microapps.stewards'));
}
