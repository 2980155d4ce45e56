import type { JsonObject } from '@backstage/types';
import { storableText } from '@trellis/plugin-microapps-common';
import type { Knex } from 'knex';
import { lockFor } from '../shared/appLock';
import {
  INCIDENT_SEVERITIES,
  type IncidentRow,
  type IncidentSeverity,
} from './incidentRows';

/** Most trace ids a firing event keeps. */
export const MAX_FIRING_TRACE_IDS = 50;

/** One enforcing policy firing, as the policy engine reports it. */
export interface IncidentFiring {
  /** The MicroApp's entity ref, any case (stored lower-case). */
  entityRef: string;
  policyId: string;
  policyTitle: string;
  severity: IncidentSeverity;
  firingId: number;
  /** ISO 8601. */
  occurredAt: string;
  /** The input values that fired it, e.g. `{"window.violations[\"pii_detected\"]": 3}`. */
  values: JsonObject;
  /** Trace ids of the violations that fired it; at most {@link MAX_FIRING_TRACE_IDS} are kept. */
  traceIds: string[];
  /** What was done, as sentences: "Kill switch engaged", "Promotion blocked". */
  actions: string[];
}

/** The later of two ISO 8601 times. */
export const later = (a: string, b: string) =>
  Date.parse(a) >= Date.parse(b) ? a : b;

const appKeyOf = (entityRef: string) => entityRef.toLocaleLowerCase('en-US');

/** The lock that serialises writes to one app's incidents. */
export const incidentLockOf = (entityRef: string) =>
  `incidents:${appKeyOf(entityRef)}`;

/** The app's latest incident that is not closed. */
async function latestUnclosed(
  db: Knex | Knex.Transaction,
  entityRef: string,
): Promise<IncidentRow | undefined> {
  return db<IncidentRow>('microapps_incidents')
    .where('entity_ref', appKeyOf(entityRef))
    .whereNot('state', 'closed')
    .orderBy('id', 'desc')
    .first();
}

const higher = (a: IncidentSeverity, b: IncidentSeverity) =>
  INCIDENT_SEVERITIES.indexOf(a) >= INCIDENT_SEVERITIES.indexOf(b) ? a : b;

/**
 * Extends the app's latest incident that is not closed (a mitigated one goes
 * back to open), or opens a new one. Runs in the policy engine's
 * transaction, which also audits the firing.
 */
export async function openOrExtendIncident(
  tx: Knex.Transaction,
  firing: IncidentFiring,
): Promise<{ incidentId: number; opened: boolean }> {
  const entityRef = appKeyOf(firing.entityRef);
  await lockFor(tx, incidentLockOf(entityRef));
  const current = await latestUnclosed(tx, entityRef);
  let incidentId: number;
  if (current) {
    incidentId = Number(current.id);
    const policyIds = JSON.parse(current.policy_ids) as string[];
    await tx('microapps_incidents')
      .where('id', incidentId)
      .update({
        state: 'open',
        severity: higher(current.severity as IncidentSeverity, firing.severity),
        updated_at: later(current.updated_at, firing.occurredAt),
        policy_ids: JSON.stringify(
          policyIds.includes(firing.policyId)
            ? policyIds
            : [...policyIds, firing.policyId],
        ),
      });
  } else {
    const [row] = await tx('microapps_incidents')
      .insert({
        entity_ref: entityRef,
        title: storableText(firing.policyTitle),
        severity: firing.severity,
        state: 'open',
        opened_at: firing.occurredAt,
        updated_at: firing.occurredAt,
        policy_ids: JSON.stringify([firing.policyId]),
      })
      .returning('id');
    incidentId = Number(typeof row === 'object' ? row.id : row);
  }
  await insertEvent(tx, incidentId, {
    kind: 'firing',
    actor: `policy:${firing.policyId}`,
    text: `${firing.policyTitle} (${firing.severity})`,
    occurredAt: firing.occurredAt,
    details: {
      policyId: firing.policyId,
      firingId: firing.firingId,
      values: firing.values,
      traceIds: firing.traceIds.slice(0, MAX_FIRING_TRACE_IDS),
      actions: firing.actions,
    },
  });
  if (current && current.state === 'mitigated') {
    await insertEvent(tx, incidentId, {
      kind: 'state',
      actor: `policy:${firing.policyId}`,
      text: `Reopened: ${firing.policyTitle} fired again`,
      occurredAt: firing.occurredAt,
      details: { from: 'mitigated', to: 'open' },
    });
  }
  return { incidentId, opened: !current };
}

/** Appends an event to the app's latest incident that is not closed; undefined when it has none. */
export async function appendToOpenIncident(
  db: Knex | Knex.Transaction,
  entityRef: string,
  event: {
    kind: 'kill-switch' | 'note';
    actor: string;
    text: string;
    occurredAt: string;
    details?: JsonObject;
  },
): Promise<number | undefined> {
  if (db.isTransaction) {
    await lockFor(db as Knex.Transaction, incidentLockOf(entityRef));
  }
  const current = await latestUnclosed(db, entityRef);
  if (!current) return undefined;
  const incidentId = Number(current.id);
  await insertEvent(db, incidentId, event);
  await db('microapps_incidents')
    .where('id', incidentId)
    .update({ updated_at: later(current.updated_at, event.occurredAt) });
  return incidentId;
}

/** Inserts one event of an incident; answers its id. */
export async function insertEvent(
  db: Knex | Knex.Transaction,
  incidentId: number,
  event: {
    kind: string;
    actor: string;
    text: string;
    occurredAt: string;
    details?: JsonObject;
  },
): Promise<number> {
  const [row] = await db('microapps_incident_events')
    .insert({
      incident_id: incidentId,
      occurred_at: event.occurredAt,
      kind: event.kind,
      actor: storableText(event.actor),
      text: storableText(event.text),
      details: event.details
        ? storableText(JSON.stringify(event.details))
        : null,
    })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}
