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
  parseMicroAppResourceRef,
  type MicroAppResource,
  type MicroAppPermissionQuery,
} from './permissions/rules';
export {
  microAppStewardDecision,
  readStewardGroups,
  type StewardGroups,
} from './permissions/stewardPolicy';
