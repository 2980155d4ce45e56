/**
 * Trellis frontend plugin: the marketplace of LLM-powered micro-apps, with
 * their risk tier, approval badges, data classes, owners and cost.
 *
 * This entry point serves apps on the legacy frontend system; apps on the new
 * frontend system install `@trellis/plugin-microapps/alpha`.
 *
 * @packageDocumentation
 */
export {
  EntityGroupMicroAppsCard,
  EntityMicroAppCostContent,
  EntityMicroAppGovernanceContent,
  EntityMicroAppOverviewCard,
  EntityMicroAppPolicyContent,
  MicroAppRiskPreviewFieldExtension,
  microAppsPlugin,
  MicroAppsAuditPage,
  MicroAppsCostsPage,
  MicroAppsIncidentsPage,
  MicroAppsMarketplacePage,
  MicroAppsStewardInboxPage,
} from './plugin';
export {
  auditRouteRef,
  costsRouteRef,
  incidentsRouteRef,
  reviewsRouteRef,
  rootRouteRef,
} from './routes';
export { microAppsApiRef, MicroAppsClient } from './api';
export type {
  DayRange,
  Incident,
  IncidentDetail,
  IncidentEvent,
  IncidentEventKind,
  IncidentPage,
  IncidentQuery,
  IncidentSeverity,
  IncidentState,
  LoadedPolicy,
  MicroAppRef,
  MicroAppsApi,
  PolicyAction,
  PolicyFiring,
  PolicyList,
  PolicyLoadError,
  ViolationQuery,
} from './api';
export type {
  RiskAnswer,
  RiskPreviewUiOptions,
} from './components/RiskPreviewField';
export { RiskTierChip } from './components/RiskTierChip';
export type { RiskTierChipProps } from './components/RiskTierChip';
export { BadgeStateList } from './components/BadgeStateList';
export type { BadgeStateListProps } from './components/BadgeStateList';
export type {
  BadgeState,
  BadgeSummary,
  BadgeDetail,
  Gate,
  MarketplaceItem,
  MarketplacePage,
  MarketplaceQuery,
  MarketplaceSort,
  MicroAppDetail,
  ModelCatalogEntry,
  RiskFactor,
  RiskInput,
  RiskResult,
  RiskTier,
} from '@trellis/plugin-microapps-common';
