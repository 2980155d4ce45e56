/**
 * Node library of the Trellis MicroApp plugins: the permission rules and
 * conditions of MicroApps, and the steward decision that permission policies
 * use.
 *
 * @packageDocumentation
 */
export {
  microAppPermissionResourceRef,
  microAppPermissionRules,
  microAppConditions,
  createMicroAppConditionalDecision,
  isBadge,
  isMicroAppOwner,
  hasRiskTier,
  killSwitchEngagedBy,
  parseMicroAppResourceRef,
  type MicroAppResource,
  type MicroAppPermissionQuery,
} from './permissions/rules';
export {
  microAppStewardDecision,
  readStewardGroups,
  readKillSwitchStewardRoles,
  stewardRolesOf,
  DEFAULT_KILL_SWITCH_STEWARD_ROLES,
  type StewardDecisionOptions,
  type StewardGroups,
} from './permissions/stewardPolicy';
