import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { migratedClient } from '../shared/database';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import {
  appendToOpenIncident,
  type IncidentFiring,
  openOrExtendIncident,
} from './incidentWrites';

const databases = TestDatabases.create();

const APP = 'microapp:default/Expense-Summarizer';

function firing(overrides: Partial<IncidentFiring> = {}): IncidentFiring {
  return {
    entityRef: APP,
    policyId: 'pii-leak',
    policyTitle: 'PII leaves the app',
    severity: 'high',
    firingId: 1,
    occurredAt: '2026-12-01T10:00:00.000Z',
    values: { 'window.violations["pii_detected"]': 3 },
    traceIds: ['a1'.repeat(16)],
    actions: [
      'Kill switch engaged',
      'Owners notified (group:default/finance-ops)',
    ],
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'incident writes (%s)',
  databaseId => {
    let knex: Knex;
    let store: DatabaseIncidentStore;
    const fire = (overrides: Partial<IncidentFiring> = {}) =>
      knex.transaction(tx => openOrExtendIncident(tx, firing(overrides)));

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await migratedClient({ getClient: async () => knex });
      store = new DatabaseIncidentStore(knex);
    });

    it('opens an incident for the first firing, with the firing as its first event', async () => {
      const result = await fire();
      expect(result.opened).toBe(true);
      const detail = await store.detail(result.incidentId);
      expect(detail).toMatchObject({
        entityRef: 'microapp:default/expense-summarizer',
        title: 'PII leaves the app',
        severity: 'high',
        state: 'open',
        openedAt: '2026-12-01T10:00:00.000Z',
        policyIds: ['pii-leak'],
      });
      expect(detail?.events).toEqual([
        expect.objectContaining({
          kind: 'firing',
          actor: 'policy:pii-leak',
          policyId: 'pii-leak',
          firingId: 1,
          values: { 'window.violations["pii_detected"]': 3 },
          traceIds: ['a1'.repeat(16)],
          actions: [
            'Kill switch engaged',
            'Owners notified (group:default/finance-ops)',
          ],
        }),
      ]);
    });

    it('extends the open incident, keeping each policy once and the highest severity', async () => {
      const first = await fire({ severity: 'medium' });
      const second = await fire({
        policyId: 'cost-spike',
        policyTitle: 'Cost spike',
        severity: 'critical',
        firingId: 2,
        occurredAt: '2026-12-01T11:00:00.000Z',
      });
      const third = await fire({
        severity: 'low',
        firingId: 3,
        occurredAt: '2026-12-01T12:00:00.000Z',
      });
      expect(second).toEqual({ incidentId: first.incidentId, opened: false });
      expect(third).toEqual({ incidentId: first.incidentId, opened: false });
      const detail = await store.detail(first.incidentId);
      expect(detail).toMatchObject({
        severity: 'critical',
        policyIds: ['pii-leak', 'cost-spike'],
        updatedAt: '2026-12-01T12:00:00.000Z',
      });
      expect(detail?.events.map(e => e.firingId)).toEqual([1, 2, 3]);
      expect((await store.list({ limit: 50, offset: 0 })).totalItems).toBe(1);
    });

    it('reopens a mitigated incident when a policy fires again', async () => {
      const { incidentId } = await fire();
      await store.changeState(incidentId, {
        to: 'mitigated',
        actor: 'user:default/alice',
        note: 'Turned the PII filter on',
        occurredAt: '2026-12-01T10:30:00.000Z',
      });
      const again = await fire({
        firingId: 2,
        occurredAt: '2026-12-01T11:00:00.000Z',
      });
      expect(again).toEqual({ incidentId, opened: false });
      const detail = await store.detail(incidentId);
      expect(detail?.state).toBe('open');
      expect(detail?.events.map(e => e.kind)).toEqual([
        'firing',
        'state',
        'firing',
        'state',
      ]);
      expect(detail?.events[3].text).toMatch(/^Reopened/);
    });

    it('opens a new incident once the last one is closed', async () => {
      const { incidentId } = await fire();
      await store.changeState(incidentId, {
        to: 'closed',
        actor: 'user:default/nora',
        note: 'The prompt no longer echoes customer records.',
        occurredAt: '2026-12-01T10:30:00.000Z',
      });
      const next = await fire({
        firingId: 2,
        occurredAt: '2026-12-02T10:00:00.000Z',
      });
      expect(next.opened).toBe(true);
      expect(next.incidentId).not.toBe(incidentId);
      expect((await store.get(incidentId))?.state).toBe('closed');
      expect((await store.listForApp(APP)).map(i => i.id)).toEqual([
        next.incidentId,
        incidentId,
      ]);
    });

    it('keeps at most 50 trace ids of a firing', async () => {
      const traceIds = Array.from({ length: 80 }, (_, i) =>
        i.toString(16).padStart(32, '0'),
      );
      const { incidentId } = await fire({ traceIds });
      const [event] = (await store.detail(incidentId))!.events;
      expect(event.traceIds).toEqual(traceIds.slice(0, 50));
    });

    it('appends kill-switch events to the open incident only', async () => {
      const event = {
        kind: 'kill-switch' as const,
        actor: 'user:default/sam',
        text: 'Kill switch released',
        occurredAt: '2026-12-01T13:00:00.000Z',
      };
      expect(await appendToOpenIncident(knex, APP, event)).toBeUndefined();
      const { incidentId } = await fire();
      // In the caller's transaction, as the kill switch records it.
      expect(
        await knex.transaction(tx =>
          appendToOpenIncident(tx, APP.toUpperCase(), event),
        ),
      ).toBe(incidentId);
      const detail = await store.detail(incidentId);
      expect(detail?.events.map(e => e.kind)).toEqual([
        'firing',
        'kill-switch',
      ]);
      expect(detail?.updatedAt).toBe('2026-12-01T13:00:00.000Z');
    });
  },
);
