import type { JsonObject } from '@backstage/types';
import type { Incident, IncidentEvent } from '@trellis/plugin-microapps-common';

export const INCIDENT_SEVERITIES = [
  'low',
  'medium',
  'high',
  'critical',
] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const INCIDENT_STATES = ['open', 'mitigated', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

// The API's shapes are the OpenAPI document's (common's generated types).
export type {
  Incident,
  IncidentDetail,
  IncidentEvent,
} from '@trellis/plugin-microapps-common';

/** A row of `microapps_incidents`. */
export interface IncidentRow {
  id: number | string;
  entity_ref: string;
  title: string;
  severity: string;
  state: string;
  opened_at: string;
  updated_at: string;
  mitigated_at: string | null;
  mitigated_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
  retrospective: string | null;
  policy_ids: string;
}

/** A row of `microapps_incident_events`. */
export interface IncidentEventRow {
  id: number | string;
  incident_id: number | string;
  occurred_at: string;
  kind: string;
  actor: string;
  text: string;
  details: string | null;
}

export function toIncident(row: IncidentRow): Incident {
  return {
    id: Number(row.id),
    entityRef: row.entity_ref,
    title: row.title,
    severity: row.severity as IncidentSeverity,
    state: row.state as IncidentState,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    policyIds: JSON.parse(row.policy_ids) as string[],
    ...(row.mitigated_at ? { mitigatedAt: row.mitigated_at } : {}),
    ...(row.mitigated_by ? { mitigatedBy: row.mitigated_by } : {}),
    ...(row.closed_at ? { closedAt: row.closed_at } : {}),
    ...(row.closed_by ? { closedBy: row.closed_by } : {}),
    ...(row.retrospective !== null ? { retrospective: row.retrospective } : {}),
  };
}

export function toIncidentEvent(row: IncidentEventRow): IncidentEvent {
  const details = row.details
    ? (JSON.parse(row.details) as JsonObject)
    : undefined;
  const event: IncidentEvent = {
    id: Number(row.id),
    occurredAt: row.occurred_at,
    kind: row.kind as IncidentEvent['kind'],
    actor: row.actor,
    text: row.text,
  };
  if (row.kind === 'firing' && details) {
    if (typeof details.policyId === 'string') event.policyId = details.policyId;
    if (typeof details.firingId === 'number') event.firingId = details.firingId;
    if (Array.isArray(details.traceIds))
      event.traceIds = details.traceIds as string[];
    if (details.values && typeof details.values === 'object')
      event.values = details.values as JsonObject;
    if (Array.isArray(details.actions))
      event.actions = details.actions as string[];
  }
  return event;
}
