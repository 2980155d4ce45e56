/* Working on incidents: notes and state changes, and who may make them. */
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import request from 'supertest';
import {
  as,
  FINANCE_APP,
  incidentsRouterOn,
} from './__testUtils__/incidentsRouterKit';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'incidents router (%s)',
  databaseId => {
    let knex: Knex;
    let kit: Awaited<ReturnType<typeof incidentsRouterOn>>;
    let server: typeof kit.server;
    let financeIncident: number;
    let auditActions: typeof kit.auditActions;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      kit = await incidentsRouterOn(knex);
      ({ server, financeIncident, auditActions } = kit);
    });

    it('takes notes from owners and stewards, trimmed, audited, and refuses empty ones', async () => {
      const res = await request(server)
        .post(`/incidents/${financeIncident}/notes`)
        .set(as('alice'))
        .send({ text: '  Paused the nightly export.  ' })
        .expect(201);
      expect(res.body).toMatchObject({
        kind: 'note',
        actor: 'user:default/alice',
        text: 'Paused the nightly export.',
      });
      const empty = await request(server)
        .post(`/incidents/${financeIncident}/notes`)
        .set(as('alice'))
        .send({ text: '   ' })
        .expect(400);
      expect(empty.body.error.message).toContain('text is required');
      const long = await request(server)
        .post(`/incidents/${financeIncident}/notes`)
        .set(as('alice'))
        .send({ text: 'x'.repeat(4001) })
        .expect(400);
      expect(long.body.error.message).toContain(
        'text must be at most 4000 characters',
      );
      await request(server)
        .post(`/incidents/${financeIncident}/notes`)
        .set(as('uma'))
        .send({ text: 'Not mine' })
        .expect(403);
      await request(server)
        .post(`/incidents/${financeIncident}/notes`)
        .set({ Authorization: mockCredentials.service.header() })
        .send({ text: 'A pipeline' })
        .expect(403);
      expect(await auditActions()).toEqual(['incident.note']);
    });

    it('moves an incident open → mitigated → open → closed, each change an event and an audit entry', async () => {
      const path = `/incidents/${financeIncident}/state`;
      const mitigated = await request(server)
        .post(path)
        .set(as('alice'))
        .send({ state: 'mitigated', note: 'Export paused' })
        .expect(200);
      expect(mitigated.body).toMatchObject({
        state: 'mitigated',
        mitigatedBy: 'user:default/alice',
      });
      await request(server)
        .post(path)
        .set(as('alice'))
        .send({ state: 'open', note: 'It happened again' })
        .expect(200);
      const closed = await request(server)
        .post(path)
        .set(as('nora'))
        .send({
          state: 'closed',
          note: 'Customer records are masked before the prompt now.',
        })
        .expect(200);
      expect(closed.body).toMatchObject({
        state: 'closed',
        closedBy: 'user:default/nora',
        retrospective: 'Customer records are masked before the prompt now.',
      });
      expect(closed.body.events.map((e: any) => e.kind)).toEqual([
        'firing',
        'state',
        'state',
        'state',
      ]);
      expect(await auditActions()).toEqual([
        'incident.mitigated',
        'incident.reopened',
        'incident.closed',
      ]);
      const audit = await knex('microapps_audit_log').orderBy('id').first();
      expect(JSON.parse(audit.details)).toMatchObject({
        incidentId: financeIncident,
      });
      expect(audit.entity_ref).toBe(
        FINANCE_APP.entityRef.toLocaleLowerCase('en-US'),
      );

      // Closed is final: no state change, no note.
      const reopen = await request(server)
        .post(path)
        .set(as('nora'))
        .send({ state: 'open', note: 'Once more' })
        .expect(409);
      expect(reopen.body.error.message).toContain('is closed');
      await request(server)
        .post(`/incidents/${financeIncident}/notes`)
        .set(as('nora'))
        .send({ text: 'Late thought' })
        .expect(409);
    });

    it('refuses moves the states do not allow, and changes without a note', async () => {
      const path = `/incidents/${financeIncident}/state`;
      const toOpen = await request(server)
        .post(path)
        .set(as('alice'))
        .send({ state: 'open', note: 'Already open' })
        .expect(409);
      expect(toOpen.body.error.message).toBe(
        `Incident ${financeIncident} is open; it can only become mitigated or closed`,
      );
      const noNote = await request(server)
        .post(path)
        .set(as('alice'))
        .send({ state: 'mitigated' })
        .expect(400);
      expect(noNote.body.error.message).toContain('note is required');
      const badState = await request(server)
        .post(path)
        .set(as('alice'))
        .send({ state: 'resolved', note: 'Done' })
        .expect(400);
      expect(badState.body.error.message).toContain(
        'state: must be one of mitigated, closed, open',
      );
      expect(await auditActions()).toEqual([]);
    });

    it('lets only stewards close, and only with a retrospective of 20 characters', async () => {
      const path = `/incidents/${financeIncident}/state`;
      const short = await request(server)
        .post(path)
        .set(as('nora'))
        .send({ state: 'closed', note: 'Fixed.' })
        .expect(400);
      expect(short.body.error.message).toContain(
        'retrospective of at least 20 characters',
      );
      const owner = await request(server)
        .post(path)
        .set(as('alice'))
        .send({
          state: 'closed',
          note: 'We masked the customer records in the prompt.',
        })
        .expect(403);
      expect(owner.body.error.message).toContain(
        'only stewards (group:default/security-stewards) may close an incident',
      );
      const stranger = await request(server)
        .post(path)
        .set(as('uma'))
        .send({ state: 'mitigated', note: 'Not mine' })
        .expect(403);
      expect(stranger.body.error.message).toContain(
        'only its owners and stewards may',
      );
      const detail = await request(server)
        .get(`/incidents/${financeIncident}`)
        .set(as('nora'))
        .expect(200);
      expect(detail.body.state).toBe('open');
      expect(await auditActions()).toEqual([]);
    });
  },
);
