/*
 * The shapes of the incident and policy routes (`/incidents`,
 * `/apps/:namespace/:name/incidents`, `/policies`), as the backend answers
 * them. The OpenAPI document types the requests; these name the answers for
 * the views, with the firings a policy lists.
 */

/** How bad an incident (or the policy that opened it) is. @public */
export type IncidentSeverity = 'low' | 'medium' | 'high' | 'critical';

/** Where an incident stands; `closed` is final. @public */
export type IncidentState = 'open' | 'mitigated' | 'closed';

/**
 * An incident: opened by an enforcing policy firing on an app, extended by
 * later firings until it is closed.
 *
 * @public
 */
export interface Incident {
  id: number;
  entityRef: string;
  title: string;
  severity: IncidentSeverity;
  state: IncidentState;
  openedAt: string;
  updatedAt: string;
  /** The policies whose firings belong to the incident. */
  policyIds: string[];
  mitigatedAt?: string;
  mitigatedBy?: string;
  closedAt?: string;
  closedBy?: string;
  /** The note written when it was closed. */
  retrospective?: string;
}

/** What happened in an incident. @public */
export type IncidentEventKind = 'firing' | 'note' | 'state' | 'kill-switch';

/** One entry of an incident's timeline. @public */
export interface IncidentEvent {
  id: number;
  occurredAt: string;
  kind: IncidentEventKind;
  actor: string;
  text: string;
  policyId?: string;
  firingId?: number;
  /** The traces that made the policy fire. */
  traceIds?: string[];
  /** The input values the policy's condition fired on. */
  values?: Record<string, unknown>;
  /** What the firing did, in words. */
  actions?: string[];
}

/** An incident with its timeline, oldest event first. @public */
export interface IncidentDetail extends Incident {
  events: IncidentEvent[];
}

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

/** What a policy does when it fires in `enforce` mode. @public */
export interface PolicyAction {
  type: 'notify' | 'kill-switch' | 'block-promotion' | 'require-review';
  /** For notify: `owners`, `stewards:<role>` or `group:<namespace>/<name>`. */
  to?: string;
  /** For require-review: the badges to review again. */
  badges?: string[];
}

/** A recent firing of a policy. @public */
export interface PolicyFiring {
  firingId: number;
  entityRef: string;
  firedAt: string;
  mode: 'enforce' | 'dry-run';
  incidentId?: number;
}

/** A loaded policy. @public */
export interface LoadedPolicy {
  id: string;
  title: string;
  description: string;
  severity: IncidentSeverity;
  mode: 'enforce' | 'dry-run';
  /** The telemetry window, e.g. `10m`, `24h`, `30d`. */
  window: string;
  /** The CEL condition. */
  when: string;
  actions: PolicyAction[];
  /** The pack it was loaded from. */
  location: string;
  /** The latest firings, newest first. */
  lastFirings: PolicyFiring[];
}

/** A problem that kept a policy (or a whole pack) from loading. @public */
export interface PolicyLoadError {
  location: string;
  policyId?: string;
  /** The field at fault, e.g. `policies[2].when`; empty for the whole file. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** The loaded policies, in the order of their packs, and the load errors. @public */
export interface PolicyList {
  policies: LoadedPolicy[];
  loadErrors: PolicyLoadError[];
}
