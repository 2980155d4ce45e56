/**
 * The Trellis MicroApps backend plugin.
 *
 * @packageDocumentation
 */
export { microAppsPlugin as default } from './plugin';
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
