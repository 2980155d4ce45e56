/**
 * Test data and msw handlers for the incident views: the ticket triage
 * classifier's incident, its timeline, and the loaded policies.
 */
import { http, HttpResponse } from 'msw';
import type { IncidentDetail, PolicyList } from '../../../api';
import {
  apiUrl,
  appUrl,
  entityRef,
  errorResponse,
} from '../../MicroAppEntity/__testUtils__/microAppTestServer';

export {
  apiUrl,
  appUrl,
  entity,
  entityRef,
} from '../../MicroAppEntity/__testUtils__/microAppTestServer';

export const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

export const incident: IncidentDetail = {
  id: 7,
  entityRef,
  title: 'Email addresses in prompts',
  severity: 'critical',
  state: 'open',
  openedAt: '2026-11-20T08:30:00.000Z',
  updatedAt: '2026-11-21T09:00:00.000Z',
  policyIds: ['pii-burst'],
  events: [
    {
      id: 1,
      occurredAt: '2026-11-20T08:30:00.000Z',
      kind: 'firing',
      actor: 'policy:pii-burst',
      text: 'Email addresses in prompts fired',
      policyId: 'pii-burst',
      firingId: 31,
      traceIds: [traceId],
      values: { 'window.pii_detected': 14, 'app.tier': 'high' },
      actions: ['Turned the kill switch on', 'Notified the security stewards'],
    },
    {
      id: 2,
      occurredAt: '2026-11-21T09:00:00.000Z',
      kind: 'note',
      actor: 'user:default/sam-security',
      text: 'Masking was off after the last deploy',
    },
  ],
};

export const policies: PolicyList = {
  policies: [
    {
      id: 'pii-burst',
      title: 'Email addresses in prompts',
      description: 'Many PII detections in ten minutes',
      severity: 'critical',
      mode: 'enforce',
      window: '10m',
      when: 'window.pii_detected > 10',
      actions: [
        { type: 'kill-switch' },
        { type: 'notify', to: 'stewards:security' },
      ],
      location: 'file:policies/pii.yaml',
      lastFirings: [
        {
          firingId: 31,
          entityRef,
          firedAt: '2026-11-20T08:30:00.000Z',
          mode: 'enforce',
          incidentId: 7,
        },
      ],
    },
    {
      id: 'cost-spike',
      title: 'Cost spike',
      description: 'Spend doubled in a day',
      severity: 'medium',
      mode: 'dry-run',
      window: '24h',
      when: 'window.cost_usd > 2 * window.previous_cost_usd',
      actions: [{ type: 'require-review', badges: ['security-review'] }],
      location: 'file:policies/cost.yaml',
      lastFirings: [],
    },
  ],
  loadErrors: [
    {
      location: 'file:policies/broken.yaml',
      policyId: 'egress-watch',
      path: 'policies[0].when',
      line: 12,
      column: 9,
      message: 'Undeclared reference to "window.egres"',
    },
  ],
};

/**
 * The incident routes over a copy of `incident`: state changes and notes
 * change it as the backend would; what was posted is pushed to `posted`.
 */
export function incidentHandlers(posted: unknown[] = []) {
  let current: IncidentDetail = structuredClone(incident);
  const { events: _events, ...summary } = current;
  return [
    http.get(`${appUrl}/incidents`, () =>
      HttpResponse.json({ items: [{ ...summary, state: current.state }] }),
    ),
    http.get(`${apiUrl}/incidents/7`, () => HttpResponse.json(current)),
    http.get(`${apiUrl}/incidents/:id`, ({ params }) =>
      errorResponse(404, 'NotFoundError', `No incident ${params.id}`),
    ),
    http.post(`${apiUrl}/incidents/7/state`, async ({ request }) => {
      const body = (await request.json()) as { state: 'closed'; note: string };
      posted.push(body);
      current = {
        ...current,
        state: body.state,
        closedAt: '2026-11-23T15:00:00.000Z',
        closedBy: 'user:default/sam-security',
        retrospective: body.note,
      };
      return HttpResponse.json(current);
    }),
  ];
}
