import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { IngestKeySummary } from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { microAppsApiRef } from '../../../api';
import { IngestKeysCard, otelEnvironment } from './IngestKeysCard';
import { createClient } from '../../../__testUtils__/microAppsTestKit';
import { apiUrl, appUrl, entityRef } from '../__testUtils__/microAppTestServer';

const server = setupServer();
const KEY = `trk_${'A'.repeat(43)}`;

/** The app's keys, kept by the handlers as the backend would. */
function handlers() {
  let keys: IngestKeySummary[] = [
    {
      id: 'k-1',
      name: 'staging',
      createdAt: '2026-11-20T10:00:00.000Z',
      createdBy: 'user:default/alice',
    },
  ];
  const created: string[] = [];
  server.use(
    http.get(`${appUrl}/ingest-keys`, () => HttpResponse.json({ items: keys })),
    http.post(`${appUrl}/ingest-keys`, async ({ request }) => {
      const { name } = (await request.json()) as { name: string };
      created.push(name);
      const key = {
        id: 'k-2',
        name,
        createdAt: '2026-12-01T10:00:00.000Z',
        createdBy: 'user:default/alice',
      };
      keys = [...keys, key];
      return HttpResponse.json({ ...key, key: KEY }, { status: 201 });
    }),
    http.delete(`${appUrl}/ingest-keys/:id`, ({ params }) => {
      keys = keys.filter(k => k.id !== params.id);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return { created };
}

function renderCard() {
  return renderInTestApp(<IngestKeysCard entityRef={entityRef} />, {
    apis: [
      [microAppsApiRef, createClient()],
      mockApis.permission({
        authorize: request =>
          request.permission.name === 'microapps.ingestkey.manage'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('IngestKeysCard', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('writes the environment an OpenTelemetry SDK reads, with the header percent-encoded', () => {
    expect(
      otelEnvironment(`${apiUrl}/v1/traces`, KEY, 'microapp:default/x'),
    ).toBe(
      [
        `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${apiUrl}/v1/traces`,
        `OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20${KEY}`,
        'OTEL_EXPORTER_OTLP_COMPRESSION=gzip',
        'OTEL_RESOURCE_ATTRIBUTES=trellis.microapp.ref=microapp:default/x',
      ].join('\n'),
    );
  });

  it('lists the keys, shows a new key once with what to paste, and revokes a key', async () => {
    const { created } = handlers();
    renderCard();

    const table = await screen.findByRole('table', { name: 'Ingest keys' });
    expect(within(table).getByText('staging')).toBeInTheDocument();
    expect(within(table).getByText('Never')).toBeInTheDocument();

    // A name is required before anything is sent.
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(
      screen.getByText('Give the key a name, such as where the app runs.'),
    ).toBeInTheDocument();
    expect(created).toEqual([]);

    await userEvent.type(
      screen.getByRole('textbox', { name: /New key name/ }),
      'production',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Ingest key “production” created',
    });
    expect(
      within(dialog).getByText(/this is the only time it is shown/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByLabelText('Environment for the micro-app'),
    ).toHaveTextContent(
      `OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20${KEY}`,
    );
    expect(created).toEqual(['production']);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    // Once closed, the key is nowhere on the page.
    await waitFor(() =>
      expect(screen.queryByText(new RegExp(KEY))).not.toBeInTheDocument(),
    );
    expect(await screen.findByText('production')).toBeInTheDocument();

    const staging = screen.getByText('staging').closest('tr')!;
    await userEvent.click(
      within(staging).getByRole('button', { name: 'Revoke' }),
    );
    const confirm = await screen.findByRole('dialog', {
      name: 'Revoke the ingest key “staging”?',
    });
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Revoke' }),
    );
    await waitFor(() =>
      expect(screen.queryByText('staging')).not.toBeInTheDocument(),
    );
  });
});
