/*
 * A portal on the legacy frontend system (`createApp` from
 * `@backstage/app-defaults`) mounts the plugin's pages as its README shows,
 * and the plugin's own API factory talks to the backend.
 */
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import { render, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Route } from 'react-router-dom';
import {
  microAppsPlugin,
  MicroAppsCostsPage,
  MicroAppsMarketplacePage,
  MicroAppsStewardInboxPage,
} from './plugin';

const server = setupServer(
  http.get('http://localhost:7007/api/microapps/apps', () =>
    HttpResponse.json({ items: [], totalItems: 0 }),
  ),
  http.get('http://localhost:7007/api/microapps/reviews', () =>
    HttpResponse.json({ items: [] }),
  ),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());

function renderLegacyPortal(path: string) {
  window.history.pushState({}, '', path);
  const app = createApp({
    plugins: [microAppsPlugin],
    configLoader: async () => [
      {
        context: 'test',
        data: {
          app: { title: 'Legacy portal', baseUrl: 'http://localhost' },
          backend: { baseUrl: 'http://localhost:7007' },
        },
      },
    ],
  });
  const Root = app.createRoot(
    <AppRouter>
      <FlatRoutes>
        <Route path="/microapps" element={<MicroAppsMarketplacePage />} />
        <Route path="/microapps/costs" element={<MicroAppsCostsPage />} />
        <Route
          path="/microapps/reviews"
          element={<MicroAppsStewardInboxPage />}
        />
      </FlatRoutes>
    </AppRouter>,
  );
  return render(<Root />);
}

describe('a legacy createApp portal', () => {
  it('mounts the marketplace, which asks the backend through the plugin client', async () => {
    renderLegacyPortal('/microapps');
    expect(await screen.findByText(/No micro-apps/i)).toBeInTheDocument();
  });

  it('mounts the steward inbox', async () => {
    renderLegacyPortal('/microapps/reviews');
    expect(
      await screen.findByText('Nothing waits for your review.'),
    ).toBeInTheDocument();
  });
});
