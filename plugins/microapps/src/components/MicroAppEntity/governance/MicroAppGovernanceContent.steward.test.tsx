import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  AuditLogEntry,
  MicroAppDetail,
} from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { microAppsApiRef } from '../../../api';
import { MicroAppGovernanceContent } from './MicroAppGovernanceContent';
import { createClient } from '../../../__testUtils__/microAppsTestKit';
import {
  apiUrl,
  appDetail,
  appUrl,
  baseHandlers,
  currentRisk,
  digest,
  entity,
  entityRef,
  errorResponse,
} from '../__testUtils__/microAppTestServer';

// usePermission keeps each decision in a cache shared by every test of a file
// (SWR), so the tests of one file all run with the same permissions: here a
// steward who may grant and revoke badges and read the audit log.
const server = setupServer();

const permissionApi = permissions(
  'microapps.badge.grant',
  'microapps.badge.revoke',
  'microapps.audit.read',
);

/** Allows exactly the named permissions. */
function permissions(...allowed: string[]) {
  return mockApis.permission({
    authorize: request =>
      allowed.includes(request.permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
  });
}

function renderTab() {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <MicroAppGovernanceContent />
    </EntityProvider>,
    {
      apis: [[microAppsApiRef, createClient()], permissionApi],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const badgeRow = (title: string) =>
  screen.getByRole('row', { name: new RegExp(`^${title}`) });

describe('MicroAppGovernanceContent (a steward)', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() =>
    // Stewards may read the audit log, so every render asks for it.
    server.use(
      http.get(`${apiUrl}/audit`, () => HttpResponse.json({ items: [] })),
    ),
  );
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('offers grant, refuses an empty comment and shows the server refusal in the dialog', async () => {
    const grants: unknown[] = [];
    server.use(
      ...baseHandlers(),
      http.post(
        `${appUrl}/badges/production-readiness/grant`,
        async ({ request }) => {
          grants.push(await request.json());
          return errorResponse(
            403,
            'NotAllowedError',
            'Separation of duties: you are a member of group:default/customer-support, which owns microapp:default/ticket-triage-classifier, so you cannot grant its badges',
          );
        },
      ),
    );
    renderTab();

    // Security review is granted: it can be revoked, not granted again.
    expect(
      await screen.findByRole('button', { name: 'Revoke Security review' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Grant Security review' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Grant Production readiness' }),
    );

    const dialog = await screen.findByRole('dialog', {
      name: 'Grant Production readiness to Ticket Triage Classifier',
    });
    expect(within(dialog).getByText('ab12cd34ef56')).toBeInTheDocument();
    expect(
      within(dialog).getByText('data.classifications'),
    ).toBeInTheDocument();
    // What the steward signs off, before they write a word.
    const summary = within(dialog).getByLabelText('Manifest summary');
    expect(
      within(summary).getByText('Internal, Confidential'),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText('Masked before it reaches the model'),
    ).toBeInTheDocument();
    expect(within(summary).getByText('One team')).toBeInTheDocument();
    expect(
      within(summary).getByText('bedrock-claude-3-5-haiku'),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText(
        `${currentRisk.tier[0].toUpperCase()}${currentRisk.tier.slice(
          1,
        )} (score ${currentRisk.score})`,
      ),
    ).toBeInTheDocument();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Grant' }),
    );
    expect(
      within(dialog).getByText(
        'A comment is required: say why you grant this badge.',
      ),
    ).toBeInTheDocument();
    expect(grants).toHaveLength(0);

    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Comment/ }),
      'Runbook and on-call in place',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Grant' }),
    );

    expect(await within(dialog).findByText('Not allowed')).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        /Separation of duties: you are a member of group:default\/customer-support/,
      ),
    ).toBeInTheDocument();
    expect(grants).toEqual([{ comment: 'Runbook and on-call in place' }]);
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('refreshes the badges after a successful grant', async () => {
    let detail: MicroAppDetail = appDetail();
    server.use(
      ...baseHandlers(() => detail),
      http.post(`${appUrl}/badges/production-readiness/grant`, () => {
        detail = appDetail({
          badges: detail.badges.map(badge =>
            badge.badge === 'production-readiness'
              ? {
                  ...badge,
                  state: 'granted',
                  approver: 'user:default/pat-platform',
                  grantedDigest: digest,
                  changes: undefined,
                }
              : badge,
          ),
        });
        return HttpResponse.json(detail);
      }),
    );
    renderTab();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Grant Production readiness' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Comment/ }),
      'Re-reviewed the new data class',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Grant' }),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await waitFor(() =>
      expect(
        within(badgeRow('Production readiness')).getByText('Granted'),
      ).toBeInTheDocument(),
    );
    expect(
      screen.getByRole('button', { name: 'Revoke Production readiness' }),
    ).toBeInTheDocument();
  });

  it('shows the promotion gates and the audit history', async () => {
    const audit: AuditLogEntry[] = [
      {
        id: 7,
        occurredAt: '2026-10-01T09:00:00.000Z',
        actor: 'user:default/sam-security',
        action: 'badge.granted',
        entityRef,
        badge: 'security-review',
        digest,
        comment: 'Zendesk write scope reviewed',
        prevHash: 'a',
        hash: 'b',
      },
    ];
    let auditQuery: URLSearchParams | undefined;
    server.use(
      ...baseHandlers(),
      http.get(`${apiUrl}/audit`, ({ request }) => {
        auditQuery = new URL(request.url).searchParams;
        return HttpResponse.json({ items: audit });
      }),
    );
    renderTab();

    const production = await screen.findByRole('region', {
      name: 'Production gate',
    });
    expect(
      within(production).getByText('Production: blocked'),
    ).toBeInTheDocument();
    expect(
      within(production).getByText('Missing: Production readiness'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Canary gate' }),
    ).toHaveTextContent('Canary: allowed');

    expect(
      await screen.findByText('Granted Security review'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('Zendesk write scope reviewed').length,
    ).toBeGreaterThan(0);
    expect(auditQuery?.get('entityRef')).toBe(entityRef);
  });
});
