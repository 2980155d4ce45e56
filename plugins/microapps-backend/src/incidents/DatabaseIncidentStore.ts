import { ConflictError, NotFoundError } from '@backstage/errors';
import type { Knex } from 'knex';
import { appendAuditEntry } from '../audit/auditChain';
import { lockFor } from '../shared/appLock';
import {
  type IncidentEventRow,
  type IncidentRow,
  type IncidentState,
  toIncident,
  toIncidentEvent,
} from './incidentRows';
import {
  type IncidentFilter,
  type IncidentStateChange,
  type IncidentStore,
  MAX_APP_INCIDENTS,
  MAX_INCIDENT_EVENTS,
} from './IncidentStore';
import { AUDIT_ACTION_OF, requireMove } from './incidentTransitions';
import {
  appendToOpenIncident,
  incidentLockOf,
  insertEvent,
  later,
} from './incidentWrites';

const INCIDENTS = 'microapps_incidents';
const EVENTS = 'microapps_incident_events';

export class DatabaseIncidentStore implements IncidentStore {
  constructor(private readonly knex: Knex) {}

  async recordKillSwitchEvent(
    entityRef: string,
    event: { actor: string; text: string; occurredAt: string },
  ): Promise<void> {
    await this.knex.transaction(tx =>
      appendToOpenIncident(tx, entityRef, { kind: 'kill-switch', ...event }),
    );
  }

  async list(
    filter: IncidentFilter & {
      entityRefs?: readonly string[];
      limit: number;
      offset: number;
    },
  ) {
    const query = this.filtered(filter);
    if (filter.entityRefs) query.whereIn('entity_ref', filter.entityRefs);
    const [{ count }] = await query.clone().count({ count: '*' });
    const rows: IncidentRow[] = await query
      .select('*')
      .orderBy([
        { column: 'updated_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit)
      .offset(filter.offset);
    return { items: rows.map(toIncident), totalItems: Number(count) };
  }

  async appsWithIncidents(filter: IncidentFilter): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.filtered(filter)
      .distinct('entity_ref')
      .orderBy('entity_ref');
    return rows.map(row => row.entity_ref);
  }

  async listForApp(entityRef: string) {
    const rows: IncidentRow[] = await this.knex(INCIDENTS)
      .where('entity_ref', entityRef.toLocaleLowerCase('en-US'))
      .orderBy('id', 'desc')
      .limit(MAX_APP_INCIDENTS);
    return rows.map(toIncident);
  }

  async get(id: number) {
    const row: IncidentRow | undefined = await this.knex(INCIDENTS)
      .where('id', id)
      .first();
    return row ? toIncident(row) : undefined;
  }

  async detail(id: number) {
    const incident = await this.get(id);
    if (!incident) return undefined;
    const events: IncidentEventRow[] = await this.knex(EVENTS)
      .where('incident_id', id)
      .orderBy('id', 'asc')
      .limit(MAX_INCIDENT_EVENTS);
    return { ...incident, events: events.map(toIncidentEvent) };
  }

  async addNote(
    id: number,
    note: { actor: string; text: string; occurredAt: string },
  ) {
    return this.knex.transaction(async tx => {
      const row = await this.lockedRow(tx, id);
      if (row.state === 'closed') {
        throw new ConflictError(
          `Incident ${id} is closed; a closed incident takes no more notes`,
        );
      }
      const eventId = await insertEvent(tx, id, { kind: 'note', ...note });
      await tx(INCIDENTS)
        .where('id', id)
        .update({ updated_at: later(row.updated_at, note.occurredAt) });
      await appendAuditEntry(tx, {
        occurredAt: note.occurredAt,
        actor: note.actor,
        action: 'incident.note',
        entityRef: row.entity_ref,
        comment: note.text,
        details: { incidentId: id },
      });
      const event: IncidentEventRow = await tx(EVENTS)
        .where('id', eventId)
        .first();
      return toIncidentEvent(event);
    });
  }

  async changeState(id: number, change: IncidentStateChange) {
    await this.knex.transaction(async tx => {
      const row = await this.lockedRow(tx, id);
      const from = row.state as IncidentState;
      requireMove(id, from, change.to);
      await tx(INCIDENTS)
        .where('id', id)
        .update({
          state: change.to,
          updated_at: later(row.updated_at, change.occurredAt),
          ...(change.to === 'mitigated'
            ? { mitigated_at: change.occurredAt, mitigated_by: change.actor }
            : {}),
          ...(change.to === 'closed'
            ? {
                closed_at: change.occurredAt,
                closed_by: change.actor,
                retrospective: change.note,
              }
            : {}),
        });
      await insertEvent(tx, id, {
        kind: 'state',
        actor: change.actor,
        text: change.note,
        occurredAt: change.occurredAt,
        details: { from, to: change.to },
      });
      await appendAuditEntry(tx, {
        occurredAt: change.occurredAt,
        actor: change.actor,
        action: AUDIT_ACTION_OF[change.to],
        entityRef: row.entity_ref,
        comment: change.note,
        details: { incidentId: id, from, to: change.to },
      });
    });
  }

  private filtered(filter: IncidentFilter) {
    const query = this.knex(INCIDENTS);
    if (filter.state) query.where('state', filter.state);
    if (filter.entityRef) {
      query.where('entity_ref', filter.entityRef.toLocaleLowerCase('en-US'));
    }
    return query;
  }

  /** The incident's row, read after taking its app's lock (which firings take too). */
  private async lockedRow(
    tx: Knex.Transaction,
    id: number,
  ): Promise<IncidentRow> {
    const before: IncidentRow | undefined = await tx(INCIDENTS)
      .where('id', id)
      .first();
    if (!before) throw new NotFoundError(`No incident ${id}`);
    await lockFor(tx, incidentLockOf(before.entity_ref));
    return (await tx(INCIDENTS).where('id', id).first()) as IncidentRow;
  }
}
