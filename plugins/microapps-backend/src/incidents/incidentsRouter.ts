import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type express from 'express';
import { z } from 'zod';
import type { AppOf } from '../registry/appOf';
import { createFeatureRouter } from '../schema/openApiRouter';
import { intParam, parseInput, plainText } from '../shared/requestValidation';
import { ANYONE, audited, PEOPLE } from '../shared/routeHelpers';
import type { Incidents } from './Incidents';
import { INCIDENT_STATES } from './incidentRows';

/** Largest incident id (PostgreSQL's integer). */
const MAX_INCIDENT_ID = 2_147_483_647;

const listQuerySchema = z.object({
  state: z.enum(INCIDENT_STATES).optional(),
  entityRef: plainText(255).optional(),
  limit: intParam(1, 100, 50),
  offset: intParam(0, 10_000, 0),
});

const idSchema = z.object({
  id: z.preprocess(
    raw => (typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw),
    z
      .number({
        error: `must be a positive whole number up to ${MAX_INCIDENT_ID}`,
      })
      .int(`must be a positive whole number up to ${MAX_INCIDENT_ID}`)
      .min(1, `must be a positive whole number up to ${MAX_INCIDENT_ID}`)
      .max(
        MAX_INCIDENT_ID,
        `must be a positive whole number up to ${MAX_INCIDENT_ID}`,
      ),
  ),
});

const noteBodySchema = z.object({ text: z.unknown().optional() });

const stateBodySchema = z.object({
  state: z.enum(['mitigated', 'closed', 'open']),
  note: z.unknown().optional(),
});

/** Incidents of all apps, of one app, one with its events, notes and state changes. */
export function createIncidentsRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  incidents: Incidents;
  appOf: AppOf;
}): express.Router {
  const { httpAuth, auditor, incidents, appOf } = options;
  const router = createFeatureRouter();
  const idOf = (params: unknown) => parseInput(idSchema, params, 'path').id;

  router.get('/incidents', async (req, res) => {
    const credentials = await httpAuth.credentials(req, ANYONE);
    const query = parseInput(listQuerySchema, req.query, 'query');
    res.json(await incidents.list(credentials, query));
  });

  router.get('/apps/:namespace/:name/incidents', async (req, res) => {
    const { app, credentials } = await appOf(req);
    res.json({ items: await incidents.listForApp(app, credentials) });
  });

  router.get('/incidents/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, ANYONE);
    res.json(await incidents.detail(idOf(req.params), credentials));
  });

  router.post('/incidents/:id/notes', async (req, res) => {
    const credentials = await httpAuth.credentials(req, PEOPLE);
    const id = idOf(req.params);
    const body = parseInput(noteBodySchema, req.body ?? {}, 'request body');
    const event = await audited(
      auditor,
      req,
      'incident-note',
      { incidentId: String(id) },
      () => incidents.addNote(id, body.text, credentials),
    );
    res.status(201).json(event);
  });

  router.post('/incidents/:id/state', async (req, res) => {
    const credentials = await httpAuth.credentials(req, PEOPLE);
    const id = idOf(req.params);
    const body = parseInput(stateBodySchema, req.body ?? {}, 'request body');
    const detail = await audited(
      auditor,
      req,
      'incident-state',
      { incidentId: String(id), state: body.state },
      () => incidents.changeState(id, body, credentials),
    );
    res.json(detail);
  });

  return router;
}
