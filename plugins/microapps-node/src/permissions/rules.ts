import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  BADGE_IDS,
  MICROAPP_RESOURCE_TYPE,
  RISK_TIERS,
  type BadgeId,
  type KillSwitchEngager,
  type RiskTier,
} from '@trellis/plugin-microapps-common';
import { z } from 'zod';

/**
 * What permission rules see of a MicroApp. For badge permissions `badge` is
 * the badge being granted or revoked.
 *
 * @public
 */
export interface MicroAppResource {
  entityRef: string;
  /** Owning group, e.g. `group:default/finance-ops`. */
  owner: string;
  tier: RiskTier;
  lifecycle: string;
  badge?: BadgeId;
  /** Who engaged the app's kill switch, while it is on. */
  killSwitchEngagedBy?: KillSwitchEngager;
}

/**
 * The resource ref of a MicroApp for permission checks: its entity ref, and
 * for badge permissions optionally `#<badge>`, so that a frontend can ask
 * "may I grant this badge on this app?" (`microapp:default/x#security-review`).
 *
 * @public
 */
export function parseMicroAppResourceRef(resourceRef: string): {
  entityRef: string;
  badge?: BadgeId;
} {
  const [entityRef, badge] = resourceRef.split('#', 2);
  return {
    entityRef,
    badge: BADGE_IDS.find(id => id === badge),
  };
}

/** Rules filter loaded resources only; there is no query form. @public */
export type MicroAppPermissionQuery = never;

/** @public */
export const microAppPermissionResourceRef = createPermissionResourceRef<
  MicroAppResource,
  MicroAppPermissionQuery
>().with({ pluginId: 'microapps', resourceType: MICROAPP_RESOURCE_TYPE });

const noQuery = (): never => {
  throw new Error('MicroApp permission rules cannot be turned into queries');
};

/** The badge being granted or revoked is one of `badges`. @public */
export const isBadge = createPermissionRule<
  typeof microAppPermissionResourceRef,
  { badges: string[] }
>({
  name: 'IS_BADGE',
  description: 'Allow acting on the given badges only',
  resourceRef: microAppPermissionResourceRef,
  paramsSchema: z.object({
    badges: z
      .array(z.string())
      .describe(`Badges the decision covers: ${BADGE_IDS.join(', ')}`),
  }),
  apply: (resource, { badges }) =>
    resource.badge !== undefined && badges.includes(resource.badge),
  toQuery: noQuery,
});

/** The app is owned by one of `claims` (user or group refs). @public */
export const isMicroAppOwner = createPermissionRule<
  typeof microAppPermissionResourceRef,
  { claims: string[] }
>({
  name: 'IS_MICROAPP_OWNER',
  description:
    'Allow when the MicroApp is owned by one of the given entity refs',
  resourceRef: microAppPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs, usually the user ownership refs'),
  }),
  apply: (resource, { claims }) =>
    claims.some(
      claim =>
        claim.toLocaleLowerCase('en-US') ===
        resource.owner.toLocaleLowerCase('en-US'),
    ),
  toQuery: noQuery,
});

/** The app's risk tier is one of `tiers`. @public */
export const hasRiskTier = createPermissionRule<
  typeof microAppPermissionResourceRef,
  { tiers: string[] }
>({
  name: 'HAS_RISK_TIER',
  description: 'Allow when the MicroApp has one of the given risk tiers',
  resourceRef: microAppPermissionResourceRef,
  paramsSchema: z.object({
    tiers: z.array(z.string()).describe(`Risk tiers: ${RISK_TIERS.join(', ')}`),
  }),
  apply: (resource, { tiers }) => tiers.includes(resource.tier),
  toQuery: noQuery,
});

/** The app's kill switch is on and was engaged by one of `engagers` (owner, steward, policy). @public */
export const killSwitchEngagedBy = createPermissionRule<
  typeof microAppPermissionResourceRef,
  { engagers: string[] }
>({
  name: 'KILL_SWITCH_ENGAGED_BY',
  description:
    'Allow when the MicroApp kill switch is on and was engaged by one of the given kinds of actor',
  resourceRef: microAppPermissionResourceRef,
  paramsSchema: z.object({
    engagers: z
      .array(z.string())
      .describe('Who engaged the switch: owner, steward, policy'),
  }),
  apply: (resource, { engagers }) =>
    resource.killSwitchEngagedBy !== undefined &&
    engagers.includes(resource.killSwitchEngagedBy),
  toQuery: noQuery,
});

/** Every MicroApp permission rule, for `permissionsRegistry`. @public */
export const microAppPermissionRules = {
  isBadge,
  isMicroAppOwner,
  hasRiskTier,
  killSwitchEngagedBy,
};

const conditionExports = createConditionExports({
  resourceRef: microAppPermissionResourceRef,
  rules: microAppPermissionRules,
});

/**
 * Conditions for policies, e.g. `microAppConditions.isBadge({ badges: [...] })`.
 *
 * @public
 */
export const microAppConditions = conditionExports.conditions;

/**
 * A conditional decision for a MicroApp permission:
 * `createMicroAppConditionalDecision(permission, conditions)`.
 *
 * @public
 */
export const createMicroAppConditionalDecision =
  conditionExports.createConditionalDecision;
