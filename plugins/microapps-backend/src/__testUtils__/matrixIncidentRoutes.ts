/*
 * The incident routes of the authorization matrix (authorizationMatrix.ts).
 * Policy firings open incidents, so a cell that needs one opens (or
 * extends) it the way the policy engine does, in the plugin's database:
 * - an app's incidents are read by its owners, stewards of any role and
 *   unrestricted services; another user may read the app but not them (403);
 * - the portal-wide list answers every reader, with only the incidents they
 *   may read (an empty list for a stranger); the ingest credential is 403;
 * - notes and marking mitigated: the owners and stewards, people only;
 * - closing: stewards only, the owners get a 403.
 */
import { openOrExtendIncident } from '../incidents/incidentWrites';
import {
  app,
  type Caller,
  type MatrixPortal,
  readers,
  type RouteCase,
} from './matrixPortal';

const INCIDENTS = '/api/microapps/incidents';

/** Incidents of all apps, of the matrix's app, one, its notes and state. */
export function incidentRoutes(portal: MatrixPortal): RouteCase[] {
  /** The incident the cell acts on; 1 until a cell opened one. */
  let incidentId = 1;
  let firingId = 0;
  /** An open incident of the app, opened (or reopened) by a firing as the policy engine records it. */
  const openIncident = async () => {
    firingId += 1;
    incidentId = (
      await portal.database().transaction(tx =>
        openOrExtendIncident(tx, {
          entityRef: `microapp:default/${app.metadata.name}`,
          policyId: 'matrix-policy',
          policyTitle: 'Matrix policy',
          severity: 'high',
          firingId,
          occurredAt: new Date().toISOString(),
          values: { 'window.requests': 1 },
          traceIds: [],
          actions: ['Owners notified'],
        }),
      )
    ).incidentId;
  };
  const ownersAndStewards = [401, 403, 200, 200, 200, 200, 200, 403, 200];
  return [
    {
      route: 'GET /incidents',
      method: 'GET',
      path: () => `${INCIDENTS}?state=open`,
      expected: readers,
      before: openIncident,
    },
    {
      route: 'GET /apps/:namespace/:name/incidents',
      method: 'GET',
      path: () => `/api/microapps/apps/default/${app.metadata.name}/incidents`,
      expected: ownersAndStewards as RouteCase['expected'],
      before: openIncident,
    },
    {
      route: 'GET /incidents/:id',
      method: 'GET',
      path: () => `${INCIDENTS}/${incidentId}`,
      expected: ownersAndStewards as RouteCase['expected'],
      before: openIncident,
    },
    {
      route: 'POST /incidents/:id/notes',
      method: 'POST',
      path: () => `${INCIDENTS}/${incidentId}/notes`,
      body: (caller: Caller) => ({ text: `Matrix: a note by ${caller}` }),
      //        anon uma alice nora oscar quentin sam ingest service
      expected: [401, 403, 201, 201, 201, 201, 201, 403, 403],
      before: openIncident,
    },
    {
      route: 'POST /incidents/:id/state (mark mitigated)',
      method: 'POST',
      path: () => `${INCIDENTS}/${incidentId}/state`,
      body: (caller: Caller) => ({
        state: 'mitigated',
        note: `Matrix: mitigated by ${caller}`,
      }),
      expected: [401, 403, 200, 200, 200, 200, 200, 403, 403],
      before: openIncident,
    },
    {
      route: 'POST /incidents/:id/state (close)',
      method: 'POST',
      path: () => `${INCIDENTS}/${incidentId}/state`,
      body: (caller: Caller) => ({
        state: 'closed',
        note: `Matrix: closed by ${caller} after the retrospective`,
      }),
      // Only stewards close; the owners may not.
      expected: [401, 403, 403, 200, 200, 200, 200, 403, 403],
      before: openIncident,
    },
  ];
}
