/*
 * The shapes of the incident and policy routes (`/incidents`,
 * `/apps/:namespace/:name/incidents`, `/policies`): the OpenAPI document's
 * schemas (from common), and the names the views use for them.
 */

import type {
  Incident,
  IncidentEvent,
  IncidentState,
  PolicyFiringSummary,
  PolicyLoadError,
  PolicySummary,
} from '@trellis/plugin-microapps-common';

export type {
  Incident,
  IncidentDetail,
  IncidentEvent,
  IncidentSeverity,
  IncidentState,
  PolicyLoadError,
} from '@trellis/plugin-microapps-common';

/** Filters of the portal-wide incident list. @public */
export interface IncidentQuery {
  state?: IncidentState;
  entityRef?: string;
  /** 1 to 100; 50 by default. */
  limit?: number;
  offset?: number;
}

/** One page of incidents with the total number of matches. @public */
export interface IncidentPage {
  items: Incident[];
  totalItems: number;
}

/** What happened in an incident. @public */
export type IncidentEventKind = IncidentEvent['kind'];

/** A loaded policy, with its newest firings. @public */
export type LoadedPolicy = PolicySummary;

/** A recent firing of a policy. @public */
export type PolicyFiring = PolicyFiringSummary;

/** What a policy does when it fires in `enforce` mode. @public */
export type PolicyAction = LoadedPolicy['actions'][number];

/** The loaded policies, in the order of their packs, and the load errors. @public */
export interface PolicyList {
  policies: LoadedPolicy[];
  loadErrors: PolicyLoadError[];
}
