import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { MicroAppEntity } from '@trellis/plugin-microapps-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { microAppsApiRef } from '../../../api';
import { MicroAppOverviewCard } from './MicroAppOverviewCard';
import { createClient } from '../../../__testUtils__/microAppsTestKit';
import {
  apiUrl,
  appDetail,
  baseHandlers,
  entity,
  entityRef,
} from '../__testUtils__/microAppTestServer';

const server = setupServer();

/** The example app as its owner published it: address, help and how-to links. */
const publishedEntity: MicroAppEntity = {
  ...entity,
  metadata: {
    ...entity.metadata,
    links: [
      {
        url: 'https://wiki.acme.example/ticket-triage/how-to',
        title: 'How to triage with it',
        type: 'how-to',
      },
      {
        url: 'https://wiki.acme.example/ticket-triage/reference',
        title: 'Tag reference',
        type: 'docs',
      },
      {
        url: 'https://grafana.acme.example/d/ticket-triage',
        title: 'Dashboard',
        type: 'dashboard',
      },
      // eslint-disable-next-line no-script-url
      { url: 'javascript:alert(1)', title: 'Sneaky', type: 'how-to' },
    ],
  },
  spec: {
    ...entity.spec,
    url: 'https://apps.acme.example/ticket-triage-classifier',
    support: {
      email: 'support-tools@acme.example',
      channel: '#help-ticket-triage',
      url: 'https://wiki.acme.example/ticket-triage/help',
    },
  },
};

function renderCard(shown: MicroAppEntity = entity) {
  return renderInTestApp(
    <EntityProvider entity={shown}>
      <MicroAppOverviewCard />
    </EntityProvider>,
    {
      apis: [[microAppsApiRef, createClient()], mockApis.permission()],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('MicroAppOverviewCard', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('shows risk, badges, data, owner, models, reach and the last 30 days', async () => {
    server.use(...baseHandlers());
    renderCard();

    expect(await screen.findByText('Medium · 50')).toBeInTheDocument();
    // A canary app with its canary badge: approved where it runs.
    expect(
      screen.getByLabelText('Status: Approved for canary'),
    ).toHaveTextContent('Approved for canary');
    const badges = screen.getByRole('list', { name: 'Approval badges' });
    expect(
      within(badges).getByTitle('Security review: granted'),
    ).toBeInTheDocument();
    expect(
      within(badges).getByTitle('Production readiness: stale'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Blocked for production: missing Production readiness/),
    ).toBeInTheDocument();

    const data = screen.getByLabelText('Data classifications');
    expect(within(data).getByText('internal')).toBeInTheDocument();
    expect(within(data).getByText('confidential')).toBeInTheDocument();
    expect(
      screen.getByText(/Masked before it reaches the model/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /customer-support/ }),
    ).toHaveAttribute('href', '/catalog/default/group/customer-support');
    expect(screen.getByText('bedrock-claude-3-5-haiku')).toBeInTheDocument();
    expect(screen.getByText('One team')).toBeInTheDocument();

    expect(await screen.findByText('$0.035')).toBeInTheDocument();
    expect(screen.getByText('$1,234.50')).toBeInTheDocument();
    expect(screen.getByText('(35.3K requests)')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Used by 42 people in the last 30 days (35.3K requests).',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('3 violations, 1 high')).toBeInTheDocument();
    expect(screen.queryByText('Kill switch is on')).not.toBeInTheDocument();
  });

  it('opens the app in a new window at its published address', async () => {
    server.use(...baseHandlers());
    renderCard(publishedEntity);

    const open = await screen.findByRole('link', { name: /^Open app/ });
    expect(open).toHaveAttribute(
      'href',
      'https://apps.acme.example/ticket-triage-classifier',
    );
    expect(open).toHaveAttribute('target', '_blank');
    expect(open).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.queryByText(/No address given/)).not.toBeInTheDocument();
  });

  it('shows where to get help and how to use it', async () => {
    server.use(...baseHandlers());
    renderCard(publishedEntity);

    expect(
      await screen.findByRole('link', { name: /support-tools@acme\.example/ }),
    ).toHaveAttribute('href', 'mailto:support-tools@acme.example');
    expect(screen.getByText('#help-ticket-triage')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /^Help page/ })).toHaveAttribute(
      'href',
      'https://wiki.acme.example/ticket-triage/help',
    );

    const howTo = screen.getByRole('list', { name: 'How to use it' });
    const links = within(howTo).getAllByRole('link');
    expect(links.map(link => link.getAttribute('href'))).toEqual([
      'https://wiki.acme.example/ticket-triage/how-to',
      'https://wiki.acme.example/ticket-triage/reference',
    ]);
    expect(links[0]).toHaveTextContent('How to triage with it');
    expect(links[0]).toHaveAttribute('target', '_blank');
    expect(screen.queryByText('Dashboard')).not.toBeInTheDocument();
    expect(screen.queryByText('Sneaky')).not.toBeInTheDocument();
  });

  it('says when the owner has published no address, help or how-to', async () => {
    server.use(...baseHandlers());
    renderCard();

    expect(
      await screen.findByText(
        'No address given: the owner has not published where to open it.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /Open app/ }),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Open app/ })).toBeNull();
    expect(screen.queryByText('Get help')).not.toBeInTheDocument();
    expect(screen.queryByText('How to use it')).not.toBeInTheDocument();
  });

  it('disables Open app with the reason while a steward has the kill switch on', async () => {
    server.use(
      ...baseHandlers(() =>
        appDetail({
          killSwitch: {
            entityRef,
            enabled: true,
            engagedByRole: 'steward',
            reason: 'Leaking ticket contents to a third party',
            updatedBy: 'user:default/sam-security',
            updatedAt: '2026-11-20T10:00:00.000Z',
          },
        }),
      ),
    );
    renderCard(publishedEntity);

    const open = await screen.findByRole('button', { name: 'Open app' });
    expect(open).toBeDisabled();
    expect(open).toHaveAccessibleDescription('Disabled by a steward');
    expect(
      screen.queryByRole('link', { name: /Open app/ }),
    ).not.toBeInTheDocument();
  });

  it('disables Open app for a decommissioned app', async () => {
    server.use(
      ...baseHandlers(() => appDetail({ lifecycle: 'decommissioned' })),
    );
    renderCard(publishedEntity);

    expect(
      await screen.findByRole('button', { name: 'Open app' }),
    ).toHaveAccessibleDescription('Decommissioned: the owner has retired it');
  });

  it('says no one has used it in the last 30 days', async () => {
    server.use(
      ...baseHandlers(() =>
        appDetail({
          usage30d: {
            cost30dUsd: 0,
            requests30d: 0,
            costPerRequestUsd: 0,
            users30d: 0,
            violations30d: 0,
            highViolations30d: 0,
          },
        }),
      ),
    );
    renderCard(publishedEntity);

    expect(
      await screen.findByText('No one has used it in the last 30 days.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Used by/)).not.toBeInTheDocument();
  });

  it('shows a red banner while the kill switch is on', async () => {
    server.use(
      ...baseHandlers(() =>
        appDetail({
          killSwitch: {
            entityRef,
            enabled: true,
            reason: 'Leaking ticket contents to a third party',
            updatedBy: 'user:default/sam-security',
            updatedAt: '2026-11-20T10:00:00.000Z',
          },
        }),
      ),
    );
    renderCard();

    const banner = await screen.findByRole('alert');
    expect(within(banner).getByText('Kill switch is on')).toBeInTheDocument();
    expect(banner).toHaveTextContent(
      'Reason: Leaking ticket contents to a third party',
    );
    expect(
      screen.getByLabelText('Status: Disabled (kill switch)'),
    ).toHaveTextContent('Disabled (kill switch)');
    expect(screen.queryByText(/Approved for/)).not.toBeInTheDocument();
  });

  it('says a production app without its badges runs without approvals, never that it is blocked', async () => {
    server.use(...baseHandlers(() => appDetail({ lifecycle: 'production' })));
    renderCard();

    const status = await screen.findByLabelText(
      /^Status: Running without required approvals/,
    );
    expect(status).toHaveTextContent('Running without required approvals');
    expect(status).toHaveAccessibleName(
      'Status: Running without required approvals; missing for production: Production readiness',
    );
    expect(
      screen.getByText('In production: no promotion ahead'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Blocked for/)).not.toBeInTheDocument();
  });

  it('says how usage gets reported when the app has none', async () => {
    server.use(
      ...baseHandlers(() =>
        appDetail({
          usage30d: {
            cost30dUsd: 0,
            requests30d: 0,
            costPerRequestUsd: 0,
            users30d: 0,
            violations30d: 0,
            highViolations30d: 0,
          },
        }),
      ),
    );
    renderCard();

    expect(
      await screen.findByText(/No requests in the last 30 days/),
    ).toBeInTheDocument();
    expect(screen.getByText('—')).toBeInTheDocument();
  });

  it('says the figures come once the marketplace lists the app', async () => {
    server.use(...baseHandlers(() => appDetail({ usage30d: undefined })));
    renderCard();

    expect(
      await screen.findByText(/The marketplace does not list this app yet/),
    ).toBeInTheDocument();
  });

  it('shows the backend error when the app cannot be loaded', async () => {
    server.use(
      http.get(`${apiUrl}/apps/default/ticket-triage-classifier`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'No MicroApp named default/ticket-triage-classifier',
            },
            request: { method: 'GET', url: '/' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    renderCard();

    expect(
      await screen.findByText(
        /No MicroApp named default\/ticket-triage-classifier/,
      ),
    ).toBeInTheDocument();
  });
});
