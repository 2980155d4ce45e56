import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MicroAppDetail } from '@trellis/plugin-microapps-common';
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
  entity,
} from '../__testUtils__/microAppTestServer';

// A steward who may grant and revoke badges and read the audit log.
const server = setupServer();
const permissionApi = mockApis.permission({
  authorize: request =>
    [
      'microapps.badge.grant',
      'microapps.badge.revoke',
      'microapps.audit.read',
    ].includes(request.permission.name)
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY,
});

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

const withBadge = (
  detail: MicroAppDetail,
  badge: string,
  change: Partial<MicroAppDetail['badges'][number]>,
): MicroAppDetail => ({
  ...detail,
  badges: detail.badges.map(b => (b.badge === badge ? { ...b, ...change } : b)),
});

describe('MicroAppGovernanceContent (steward actions)', () => {
  let auditReads = 0;
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    auditReads = 0;
    server.use(
      http.get(`${apiUrl}/audit`, () => {
        auditReads += 1;
        return HttpResponse.json({ items: [] });
      }),
    );
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('requests changes with a comment, then shows them on the badge and reloads the audit history', async () => {
    let detail: MicroAppDetail = appDetail();
    const bodies: unknown[] = [];
    server.use(
      ...baseHandlers(() => detail),
      http.post(
        `${appUrl}/badges/production-readiness/request-changes`,
        async ({ request }) => {
          bodies.push(await request.json());
          detail = withBadge(detail, 'production-readiness', {
            changesRequested: {
              requestedBy: 'user:default/pat-platform',
              requestedAt: '2026-11-01T09:00:00Z',
              comment: 'Add an on-call rota first',
            },
          });
          return HttpResponse.json(detail);
        },
      ),
    );
    renderTab();

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Request changes to Production readiness',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Request changes to Ticket Triage Classifier before Production readiness',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request changes' }),
    );
    expect(
      within(dialog).getByText(
        'A comment is required: tell the owners what to change.',
      ),
    ).toBeInTheDocument();
    const readsBefore = auditReads;
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Comment/ }),
      'Add an on-call rota first',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request changes' }),
    );

    expect(await screen.findByText('Changes requested')).toBeInTheDocument();
    expect(screen.getByText('“Add an on-call rota first”')).toBeInTheDocument();
    expect(bodies).toEqual([{ comment: 'Add an on-call rota first' }]);
    await waitFor(() => expect(auditReads).toBeGreaterThan(readsBefore));
  });

  it('disables a grant that separation of duties forbids and says why in display names', async () => {
    const detail = withBadge(appDetail(), 'production-readiness', {
      callerConflict: { reason: 'owning-team' },
    });
    server.use(...baseHandlers(() => detail));
    renderTab();

    const why =
      'You own Ticket Triage Classifier through customer-support; another platform steward must grant it';
    expect(await screen.findByText(why)).toBeInTheDocument();
    expect(
      screen.getByRole('button', {
        name: `Grant Production readiness (not allowed: ${why})`,
      }),
    ).toBeDisabled();
    expect(
      screen.queryByRole('button', {
        name: 'Request changes to Production readiness',
      }),
    ).not.toBeInTheDocument();
  });
});
