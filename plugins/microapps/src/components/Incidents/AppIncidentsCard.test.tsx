import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { microAppsApiRef } from '../../api';
import {
  createClient,
  LocationProbe,
} from '../../__testUtils__/microAppsTestKit';
import { AppIncidentsCard } from './AppIncidentsCard';
import {
  apiUrl,
  appUrl,
  entityRef,
  incidentHandlers,
  traceId,
} from './__testUtils__/incidentsTestServer';

// usePermission caches decisions for the whole file: here a steward, who
// reads, manages and closes incidents. AppIncidentsCard.owner.test.tsx
// covers the app's owners.
const server = setupServer();
const steward = mockApis.permission({ authorize: AuthorizeResult.ALLOW });

function renderCard(
  url = '/catalog/default/microapp/ticket-triage-classifier/policy',
) {
  return renderInTestApp(
    <>
      <AppIncidentsCard entityRef={entityRef} />
      <LocationProbe />
    </>,
    {
      apis: [[microAppsApiRef, createClient()], steward],
      config: {
        microapps: {
          traceViewerUrlTemplate: 'https://jaeger.example.com/trace/{traceId}',
        },
      } as any,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: [url],
    },
  );
}

describe('AppIncidentsCard (a steward)', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('says when no policy has opened an incident', async () => {
    server.use(
      http.get(`${appUrl}/incidents`, () => HttpResponse.json({ items: [] })),
    );
    renderCard();
    expect(
      await screen.findByText('No policy has opened an incident for this app'),
    ).toBeInTheDocument();
  });

  it('lists the incidents and opens one on its timeline with values, traces and actions', async () => {
    server.use(...incidentHandlers());
    renderCard();

    const row = await screen.findByRole('row', {
      name: /Email addresses in prompts/,
    });
    expect(within(row).getByText('Open')).toBeInTheDocument();
    expect(within(row).getByText('Critical')).toBeInTheDocument();
    expect(within(row).getByText('pii-burst')).toBeInTheDocument();

    await userEvent.click(
      within(row).getByRole('link', { name: 'Email addresses in prompts' }),
    );
    expect(screen.getByTestId('location')).toHaveTextContent('?incident=7');

    const timeline = await screen.findByRole('list', { name: 'Timeline' });
    const values = within(timeline).getByLabelText(
      'Values policy pii-burst fired on',
    );
    expect(
      within(values)
        .getAllByRole('term')
        .map(term => term.textContent),
    ).toEqual(['window.pii_detected', 'app.tier']);
    expect(
      within(values)
        .getAllByRole('definition')
        .map(value => value.textContent),
    ).toEqual(['14', '"high"']);
    expect(
      within(timeline).getByRole('link', {
        name: `4bf92f35… open trace ${traceId}, Opens in a new window`,
      }),
    ).toHaveAttribute('href', `https://jaeger.example.com/trace/${traceId}`);
    expect(
      within(within(timeline).getByRole('list', { name: 'Actions taken' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['Turned the kill switch on', 'Notified the security stewards']);
    expect(
      within(timeline).getByText('Masking was off after the last deploy'),
    ).toBeInTheDocument();
  });

  it('closes with a retrospective of at least 20 characters', async () => {
    const posted: unknown[] = [];
    server.use(...incidentHandlers(posted));
    renderCard('/policy?incident=7');

    await userEvent.click(
      await screen.findByRole('button', { name: 'Close with retrospective' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Close “Email addresses in prompts”?',
    });
    const close = within(dialog).getByRole('button', {
      name: 'Close incident',
    });
    expect(close).toBeDisabled();

    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Retrospective/ }),
      'Masking was off',
    );
    expect(close).toBeDisabled();
    expect(
      within(dialog).getByText(
        'A retrospective needs at least 20 characters (5 more).',
      ),
    ).toBeInTheDocument();

    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Retrospective/ }),
      '; the deploy check now fails without it',
    );
    expect(close).toBeEnabled();
    await userEvent.click(close);

    expect(posted).toEqual([
      {
        state: 'closed',
        note: 'Masking was off; the deploy check now fails without it',
      },
    ]);
    const panel = await screen.findByRole('region', {
      name: 'Incident Email addresses in prompts',
    });
    expect(await within(panel).findByText('Closed')).toBeInTheDocument();
    expect(
      within(panel).getByText(
        'Masking was off; the deploy check now fails without it',
      ),
    ).toBeInTheDocument();
    expect(
      within(panel).queryByRole('button', { name: 'Add note' }),
    ).not.toBeInTheDocument();
  });

  it('shows the backend’s refusal inside the dialog', async () => {
    server.use(
      // Before the handlers that would close it.
      http.post(`${apiUrl}/incidents/7/state`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'Incident 7 is closed already; closed is final',
            },
            request: {
              method: 'POST',
              url: '/api/microapps/incidents/7/state',
            },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
      ...incidentHandlers(),
    );
    renderCard('/policy?incident=7');

    await userEvent.click(
      await screen.findByRole('button', { name: 'Close with retrospective' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Retrospective/ }),
      'Masking was off after the deploy',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close incident' }),
    );
    expect(
      await within(dialog).findByText(
        'Incident 7 is closed already; closed is final',
      ),
    ).toBeInTheDocument();
  });
});
