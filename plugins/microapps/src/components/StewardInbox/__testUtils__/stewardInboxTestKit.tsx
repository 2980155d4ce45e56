/**
 * Test data and rendering of the steward inbox: a real MicroAppsClient asks
 * msw handlers at the backend's real URLs.
 */
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { ReviewItem } from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { microAppsApiRef, MicroAppsClient } from '../../../api';
import { StewardInboxPage } from '../StewardInboxPage';

export const baseUrl = 'http://backstage.test:7007';
export const server = setupServer();

export const staleSummarizer: ReviewItem = {
  entityRef: 'microapp:default/ticket-summarizer',
  title: 'Ticket Summarizer',
  owner: 'group:default/customer-support',
  lifecycle: 'sandbox',
  tier: 'medium',
  score: 38,
  badge: 'security-review',
  state: 'stale',
  neededFor: 'canary',
  overdue: false,
  since: '2026-10-10T09:00:00.000Z',
  sinceFirstSeen: false,
  ageDays: 21,
  changes: [
    {
      field: 'models',
      before: ['azure-gpt-4.1-mini'],
      after: ['azure-gpt-4.1-mini', 'deepseek-chat'],
    },
    {
      field: 'connectors',
      before: [
        { name: 'resource:default/jira', exposure: 'internal', access: 'read' },
      ],
      after: [
        { name: 'resource:default/jira', exposure: 'internal', access: 'read' },
        {
          name: 'resource:default/slack',
          exposure: 'third-party',
          access: 'write',
        },
      ],
    },
  ],
};

export const pendingExtractor: ReviewItem = {
  entityRef: 'microapp:legal/contract-clause-extractor',
  title: 'Contract Clause Extractor',
  owner: 'group:default/legal-ops',
  lifecycle: 'canary',
  tier: 'high',
  score: 72,
  badge: 'executive-signoff',
  state: 'pending',
  neededFor: 'production',
  overdue: false,
  since: '2026-10-19T09:00:00.000Z',
  sinceFirstSeen: true,
  ageDays: 12,
};

export const expiredClassifier: ReviewItem = {
  entityRef: 'microapp:default/it-request-classifier',
  title: 'IT Request Classifier',
  owner: 'group:default/it-ops',
  lifecycle: 'canary',
  tier: 'low',
  score: 10,
  badge: 'production-readiness',
  state: 'expired',
  neededFor: 'production',
  overdue: false,
  since: '2026-10-30T09:00:00.000Z',
  sinceFirstSeen: false,
  ageDays: 1,
};

/** In production without its security review, asked for yesterday. */
export const overdueInvoices: ReviewItem = {
  entityRef: 'microapp:default/invoice-field-extractor',
  title: 'Invoice Field Extractor',
  owner: 'group:default/finance-ops',
  lifecycle: 'production',
  tier: 'medium',
  score: 41,
  badge: 'security-review',
  state: 'pending',
  neededFor: 'production',
  overdue: true,
  since: '2026-10-31T09:00:00.000Z',
  sinceFirstSeen: true,
  ageDays: 0,
  changesRequested: {
    requestedBy: 'user:default/nora-security',
    requestedAt: '2026-10-31T10:00:00.000Z',
    comment: 'Mask supplier bank details before logging',
  },
};

export function serveReviews(items: ReviewItem[]) {
  server.use(
    http.get(`${baseUrl}/api/microapps/reviews`, () =>
      HttpResponse.json({ items }),
    ),
  );
}

export function renderInbox() {
  const client = new MicroAppsClient({
    discoveryApi: mockApis.discovery({ baseUrl }),
    fetchApi: mockApis.fetch(),
  });
  return renderInTestApp(<StewardInboxPage />, {
    apis: [[microAppsApiRef, client]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}
