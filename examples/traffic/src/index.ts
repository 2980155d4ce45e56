/**
 * Sends realistic, backdated OpenTelemetry traffic for the Trellis example
 * micro-apps to the Trellis OTLP receiver.
 *
 * @packageDocumentation
 */
export {
  findRepositoryRoot,
  loadExampleCatalog,
  readExampleMicroApps,
  readExampleModels,
  type ExampleCatalog,
  type ExampleMicroApp,
  type ExampleModel,
  type LoadExampleCatalogOptions,
} from './exampleCatalog';
export {
  DAY_MS,
  planTraffic,
  requestCostUsd,
  SHADOW_APP_NAME,
  summarizePlan,
  type PlannedApp,
  type PlannedAppRole,
  type PlannedAppSummary,
  type PlannedPolicyEvent,
  type PlannedRequest,
  type PlannedViolation,
  type PolicyEventStyle,
  type TrafficPlan,
  type TrafficPlanOptions,
} from './trafficPlan';
export {
  sendExampleTraffic,
  TrafficExportError,
  type SendExampleTrafficOptions,
  type SendExampleTrafficResult,
  type TrafficProgress,
} from './sendTraffic';
