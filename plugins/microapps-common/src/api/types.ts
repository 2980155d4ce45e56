import type {
  components as MicroAppsApiComponents,
  operations as MicroAppsApiOperations,
} from './openapi.generated';

/*
 * The REST API's types, generated from the OpenAPI document
 * (plugins/microapps-backend/src/schema/openapi.yaml, the one source of the
 * API's shapes; field documentation lives there). The backend's responses,
 * the frontend's client and this package's users share them.
 */

/** State of one badge on one app. @public */
export type BadgeState = MicroAppsApiComponents['schemas']['BadgeState'];

/** @public */
export type BadgeSummary = MicroAppsApiComponents['schemas']['BadgeSummary'];

/**
 * An app's usage over the last 30 UTC days, as the marketplace counts it.
 *
 * @public
 */
export type ThirtyDayUsage =
  MicroAppsApiComponents['schemas']['ThirtyDayUsage'];

/** One row of the marketplace (`GET /apps`). @public */
export type MarketplaceItem =
  MicroAppsApiComponents['schemas']['MarketplaceItem'];

/** @public */
export type MarketplacePage =
  MicroAppsApiComponents['schemas']['MarketplacePage'];

/** @public */
export type Gate = MicroAppsApiComponents['schemas']['Gate'];

/** An app's one status, as `appStatus` computes it. @public */
export type MicroAppStatus =
  MicroAppsApiComponents['schemas']['MicroAppStatus'];

/** @public */
export type MicroAppStatusId =
  MicroAppsApiComponents['schemas']['MicroAppStatusId'];

/** The colour of a status: `ok`, `info`, `warning` or `error`. @public */
export type MicroAppStatusSeverity =
  MicroAppsApiComponents['schemas']['MicroAppStatusSeverity'];

/** One risk-relevant field that differs from what a steward reviewed. @public */
export type SpecChange = MicroAppsApiComponents['schemas']['SpecChange'];

/** @public */
export type BadgeDetail = MicroAppsApiComponents['schemas']['BadgeDetail'];

/**
 * Who engaged a kill switch: the owning team (or anyone else the permission
 * policy lets engage it who holds no steward role), a steward, or a policy.
 *
 * @public
 */
export type KillSwitchEngager =
  MicroAppsApiComponents['schemas']['KillSwitchEngager'];

/** A MicroApp's kill switch, as gateways read it. @public */
export type KillSwitchState =
  MicroAppsApiComponents['schemas']['KillSwitchState'];

/** One item of the steward inbox (`GET /reviews`). @public */
export type ReviewItem = MicroAppsApiComponents['schemas']['ReviewItem'];

/** `GET /audit/verify`. @public */
export type AuditVerification =
  MicroAppsApiComponents['schemas']['AuditVerification'];

/** `GET /apps/:namespace/:name`. @public */
export type MicroAppDetail =
  MicroAppsApiComponents['schemas']['MicroAppDetail'];

/** One violation in the ledger (`GET /violations`). @public */
export type Violation = MicroAppsApiComponents['schemas']['Violation'];

/** @public */
export type ViolationPage = MicroAppsApiComponents['schemas']['ViolationPage'];

/** One model's usage of one app on one UTC day. @public */
export type AppCostDay = MicroAppsApiComponents['schemas']['AppCostDay'];

/** Usage totals over a period. @public */
export type UsageTotals = MicroAppsApiComponents['schemas']['UsageTotals'];

/** `GET /apps/:namespace/:name/costs`. Dates are UTC days, `to` inclusive. @public */
export type AppCosts = MicroAppsApiComponents['schemas']['AppCosts'];

/** One row of the cost report. @public */
export type CostGroup = MicroAppsApiComponents['schemas']['CostGroup'];

/** `GET /costs`. @public */
export type CostReport = MicroAppsApiComponents['schemas']['CostReport'];

/** One entry of the audit log (`GET /audit`). @public */
export type AuditLogEntry = MicroAppsApiComponents['schemas']['AuditLogEntry'];

/** An ingest key as `GET …/ingest-keys` lists it: never the key itself. @public */
export type IngestKeySummary =
  MicroAppsApiComponents['schemas']['IngestKeySummary'];

/** A new ingest key, from `POST …/ingest-keys`: the only time the key is shown. @public */
export type NewIngestKey = MicroAppsApiComponents['schemas']['NewIngestKey'];

/**
 * Facet values of the marketplace (owners, models) over every app the caller
 * may read. @public
 */
export type MarketplaceFacets =
  MicroAppsApiComponents['schemas']['MarketplaceFacets'];

/**
 * Sort orders of the marketplace; `relevance` ranks by the search words and
 * is the default when there are any. @public
 */
export const MARKETPLACE_SORTS = [
  'relevance',
  'name',
  'risk',
  'cost',
  'adoption',
  'newest',
] as const satisfies ReadonlyArray<
  MicroAppsApiComponents['schemas']['MarketplaceSort']
>;
/** @public */
export type MarketplaceSort =
  MicroAppsApiComponents['schemas']['MarketplaceSort'];

/**
 * A marketplace query (`GET /apps`). Each list filter matches any of its
 * values; without a `lifecycle` filter drafts and decommissioned apps are
 * left out. `q` is a ranked search over title, name, description, tags,
 * type, owner, models and data classes.
 *
 * @public
 */
export type MarketplaceQuery = NonNullable<
  MicroAppsApiOperations['listApps']['parameters']['query']
>;

/** Dimensions of the cost report. @public */
export const COST_GROUP_BYS = [
  'app',
  'team',
  'costCenter',
  'model',
] as const satisfies ReadonlyArray<
  MicroAppsApiComponents['schemas']['CostGroupBy']
>;
/** @public */
export type CostGroupBy = MicroAppsApiComponents['schemas']['CostGroupBy'];

/**
 * Every path of the REST API with its operations, as generated from the
 * OpenAPI document; typed clients (e.g. openapi-fetch) take it.
 *
 * @public
 */
export type {
  paths as MicroAppsApiPaths,
  components as MicroAppsApiComponents,
  operations as MicroAppsApiOperations,
} from './openapi.generated';

/** An incident: opened by an enforcing policy's firing on an app, extended by later firings until closed. @public */
export type Incident = MicroAppsApiComponents['schemas']['Incident'];

/** An incident with its timeline, oldest event first. @public */
export type IncidentDetail =
  MicroAppsApiComponents['schemas']['IncidentDetail'];

/** One entry of an incident's timeline. @public */
export type IncidentEvent = MicroAppsApiComponents['schemas']['IncidentEvent'];

/** @public */
export type IncidentSeverity =
  MicroAppsApiComponents['schemas']['IncidentSeverity'];

/** Where an incident stands; `closed` is final. @public */
export type IncidentState = MicroAppsApiComponents['schemas']['IncidentState'];

/** A loaded policy as `GET /policies` lists it, with its newest firings. @public */
export type PolicySummary = MicroAppsApiComponents['schemas']['PolicySummary'];

/** One firing of a policy for an app. @public */
export type PolicyFiringSummary =
  MicroAppsApiComponents['schemas']['PolicyFiringSummary'];

/** A problem that kept a policy (or a whole pack) from loading. @public */
export type PolicyLoadError =
  MicroAppsApiComponents['schemas']['PolicyLoadError'];
