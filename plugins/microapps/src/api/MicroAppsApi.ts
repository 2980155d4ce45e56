import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AppCosts,
  AuditLogEntry,
  AuditVerification,
  BadgeId,
  CostGroupBy,
  CostReport,
  Gate,
  GatedStage,
  IngestKeySummary,
  KillSwitchState,
  MarketplacePage,
  MarketplaceQuery,
  MicroAppDetail,
  ModelCatalogEntry,
  NewIngestKey,
  ReviewItem,
  RiskInput,
  RiskResult,
  ViolationPage,
  ViolationSeverity,
  ViolationType,
} from '@trellis/plugin-microapps-common';
import type {
  IncidentDetail,
  IncidentEvent,
  IncidentPage,
  IncidentQuery,
  IncidentState,
  Incident,
  PolicyList,
} from './incidentTypes';

/**
 * A MicroApp, as an entity ref string (`microapp:default/ticket-summarizer`,
 * `default/ticket-summarizer` or `ticket-summarizer`) or as its parts.
 *
 * @public
 */
export type MicroAppRef =
  | string
  | (Pick<CompoundEntityRef, 'name'> &
      Partial<Pick<CompoundEntityRef, 'namespace'>>);

/** A period of whole UTC days (`YYYY-MM-DD`), both ends included. @public */
export interface DayRange {
  from?: string;
  to?: string;
}

/** Filters of the violation ledger. @public */
export interface ViolationQuery extends DayRange {
  type?: ViolationType[];
  severity?: ViolationSeverity[];
  limit?: number;
  offset?: number;
}

/**
 * Client for the Trellis micro-apps backend (`/api/microapps`).
 *
 * @public
 */
export interface MicroAppsApi {
  /** One page of the marketplace with the total number of matches. */
  listApps(query?: MarketplaceQuery): Promise<MarketplacePage>;
  /** Risk explanation, badge states and promotion gates of one MicroApp. */
  getApp(ref: MicroAppRef): Promise<MicroAppDetail>;
  /** Scores a (draft) MicroApp spec without registering it. */
  evaluateRisk(spec: RiskInput): Promise<RiskResult>;
  /** The organisation's model catalog. */
  listModels(): Promise<ModelCatalogEntry[]>;

  /** Signs off a badge; the comment is required. */
  grantBadge(
    ref: MicroAppRef,
    badge: BadgeId,
    comment: string,
  ): Promise<MicroAppDetail>;
  /** Withdraws a badge; the comment is required. */
  revokeBadge(
    ref: MicroAppRef,
    badge: BadgeId,
    comment: string,
  ): Promise<MicroAppDetail>;
  /** Declines a badge for now and tells the owners what to change; the comment is required. */
  requestBadgeChanges(
    ref: MicroAppRef,
    badge: BadgeId,
    comment: string,
  ): Promise<MicroAppDetail>;
  /** Whether the app may be promoted to a stage, and what is missing. */
  getGate(ref: MicroAppRef, stage: GatedStage): Promise<Gate>;
  getKillSwitch(ref: MicroAppRef): Promise<KillSwitchState>;

  /** The app's ingest keys (never the keys themselves). */
  listIngestKeys(ref: MicroAppRef): Promise<IngestKeySummary[]>;
  /** A new ingest key for the app; the answer is the only time the key is shown. */
  createIngestKey(ref: MicroAppRef, name: string): Promise<NewIngestKey>;
  /** Revokes an ingest key: it stops working at once. */
  revokeIngestKey(ref: MicroAppRef, id: string): Promise<void>;
  /** Where micro-apps send their traces (`…/api/microapps/v1/traces`). */
  getTracesEndpoint(): Promise<string>;
  setKillSwitch(
    ref: MicroAppRef,
    state: { enabled: boolean; reason: string },
  ): Promise<KillSwitchState>;
  /** The steward inbox: reviews the signed-in user may act on, oldest first. */
  listReviews(): Promise<ReviewItem[]>;
  /** Audit entries, newest first (needs the audit read permission). */
  listAudit(query?: {
    entityRef?: string;
    limit?: number;
    beforeId?: number;
  }): Promise<AuditLogEntry[]>;
  verifyAudit(): Promise<AuditVerification>;
  /** The whole audit log as JSON lines, oldest first. */
  exportAudit(): Promise<string>;

  /** Daily cost by model, budget and forecast of one app. */
  getAppCosts(ref: MicroAppRef, range?: DayRange): Promise<AppCosts>;
  /** Cost grouped by app, team, cost center or model, with the previous period. */
  getCostReport(
    groupBy: CostGroupBy,
    query?: DayRange & {
      /** Only the apps this group owns (entity ref). */
      owner?: string;
    },
  ): Promise<CostReport>;
  /** The month's chargeback statement as CSV text (`month`: `YYYY-MM`). */
  getChargebackCsv(month: string): Promise<string>;
  /** The violation ledger, for all apps or one. */
  listViolations(
    query?: ViolationQuery & { entityRef?: string },
  ): Promise<ViolationPage>;

  /** Incidents across the portal the caller may read, newest first. */
  listIncidents(query?: IncidentQuery): Promise<IncidentPage>;
  /** One app's incidents, newest first. */
  listAppIncidents(ref: MicroAppRef): Promise<Incident[]>;
  /** An incident with its timeline, oldest event first. */
  getIncident(id: number): Promise<IncidentDetail>;
  /** Adds a note to an incident's timeline. */
  addIncidentNote(id: number, text: string): Promise<IncidentEvent>;
  /**
   * Marks an incident mitigated, closes it (the note is the retrospective,
   * at least 20 characters; stewards only) or reopens a mitigated one.
   */
  setIncidentState(
    id: number,
    state: IncidentState,
    note: string,
  ): Promise<IncidentDetail>;
  /** The loaded policies and the packs' load errors (stewards only). */
  listPolicies(): Promise<PolicyList>;
}

/**
 * API reference for {@link MicroAppsApi}.
 *
 * @public
 */
export const microAppsApiRef = createApiRef<MicroAppsApi>({
  id: 'plugin.microapps.service',
});
