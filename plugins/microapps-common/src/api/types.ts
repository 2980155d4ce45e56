import type { components, operations } from './openapi.generated';

/*
 * The REST API's types, generated from the OpenAPI document
 * (plugins/microapps-backend/src/schema/openapi.yaml, the one source of the
 * API's shapes; field documentation lives there). The backend's responses,
 * the frontend's client and this package's users share them.
 */
type Schemas = components['schemas'];

/** State of one badge on one app. @public */
export type BadgeState = Schemas['BadgeState'];

/** @public */
export type BadgeSummary = Schemas['BadgeSummary'];

/**
 * An app's usage over the last 30 UTC days, as the marketplace counts it.
 *
 * @public
 */
export type ThirtyDayUsage = Schemas['ThirtyDayUsage'];

/** One row of the marketplace (`GET /apps`). @public */
export type MarketplaceItem = Schemas['MarketplaceItem'];

/** @public */
export type MarketplacePage = Schemas['MarketplacePage'];

/** @public */
export type Gate = Schemas['Gate'];

/** One risk-relevant field that differs from what a steward reviewed. @public */
export type SpecChange = Schemas['SpecChange'];

/** @public */
export type BadgeDetail = Schemas['BadgeDetail'];

/**
 * Who engaged a kill switch: the owning team (or anyone else the permission
 * policy lets engage it who holds no steward role), a steward, or a policy.
 *
 * @public
 */
export type KillSwitchEngager = Schemas['KillSwitchEngager'];

/** A MicroApp's kill switch, as gateways read it. @public */
export type KillSwitchState = Schemas['KillSwitchState'];

/** One item of the steward inbox (`GET /reviews`). @public */
export type ReviewItem = Schemas['ReviewItem'];

/** `GET /audit/verify`. @public */
export type AuditVerification = Schemas['AuditVerification'];

/** `GET /apps/:namespace/:name`. @public */
export type MicroAppDetail = Schemas['MicroAppDetail'];

/** One violation in the ledger (`GET /violations`). @public */
export type Violation = Schemas['Violation'];

/** @public */
export type ViolationPage = Schemas['ViolationPage'];

/** One model's usage of one app on one UTC day. @public */
export type AppCostDay = Schemas['AppCostDay'];

/** Usage totals over a period. @public */
export type UsageTotals = Schemas['UsageTotals'];

/** `GET /apps/:namespace/:name/costs`. Dates are UTC days, `to` inclusive. @public */
export type AppCosts = Schemas['AppCosts'];

/** One row of the cost report. @public */
export type CostGroup = Schemas['CostGroup'];

/** `GET /costs`. @public */
export type CostReport = Schemas['CostReport'];

/** One entry of the audit log (`GET /audit`). @public */
export type AuditLogEntry = Schemas['AuditLogEntry'];

/** An ingest key as `GET …/ingest-keys` lists it: never the key itself. @public */
export type IngestKeySummary = Schemas['IngestKeySummary'];

/** A new ingest key, from `POST …/ingest-keys`: the only time the key is shown. @public */
export type NewIngestKey = Schemas['NewIngestKey'];

/** Sort orders of the marketplace. @public */
export const MARKETPLACE_SORTS = [
  'name',
  'risk',
  'cost',
  'adoption',
  'newest',
] as const satisfies ReadonlyArray<Schemas['MarketplaceSort']>;
/** @public */
export type MarketplaceSort = Schemas['MarketplaceSort'];

/**
 * A marketplace query (`GET /apps`). Each list filter matches any of its
 * values; `q` matches apps whose name, title, description or tags contain
 * every word.
 *
 * @public
 */
export type MarketplaceQuery = NonNullable<
  operations['listApps']['parameters']['query']
>;

/** Dimensions of the cost report. @public */
export const COST_GROUP_BYS = [
  'app',
  'team',
  'costCenter',
  'model',
] as const satisfies ReadonlyArray<Schemas['CostGroupBy']>;
/** @public */
export type CostGroupBy = Schemas['CostGroupBy'];

/**
 * Every path of the REST API with its operations, as generated from the
 * OpenAPI document; typed clients (e.g. openapi-fetch) take it.
 *
 * @public
 */
export type { paths as MicroAppsApiPaths } from './openapi.generated';
