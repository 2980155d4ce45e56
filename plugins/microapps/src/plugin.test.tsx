import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { microAppsApiRef, type MicroAppsApi } from './api';
import { microAppsPlugin, MicroAppsMarketplacePage } from './plugin';

describe('microapps plugin (legacy frontend system)', () => {
  it('has the plugin id the backend uses', () => {
    expect(microAppsPlugin.getId()).toBe('microapps');
  });

  it('renders the marketplace as a routable extension', async () => {
    const api: Partial<MicroAppsApi> = {
      listApps: jest.fn(async () => ({
        items: [
          {
            entityRef: 'microapp:default/expense-auditor',
            name: 'expense-auditor',
            namespace: 'default',
            title: 'Expense Auditor',
            owner: 'group:default/finance-ops',
            type: 'classifier' as const,
            lifecycle: 'sandbox' as const,
            tags: [],
            tier: 'low' as const,
            score: 18,
            models: ['azure-gpt-4.1-mini'],
            dataClasses: ['internal'],
            badges: [],
            status: {
              id: 'approved' as const,
              label: 'Approved for canary',
              severity: 'ok' as const,
              stage: 'canary' as const,
              requiredBadges: [],
              missingBadges: [],
            },
            cost30dUsd: 0,
            requests30d: 0,
            costPerRequestUsd: 0,
            users30d: 0,
            violations30d: 0,
            highViolations30d: 0,
          },
        ],
        totalItems: 1,
      })),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[microAppsApiRef, api]]}>
        {/* As a legacy app's App.tsx mounts it */}
        <Routes>
          <Route path="/microapps" element={<MicroAppsMarketplacePage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/microapps?tier=low'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByRole('link', { name: 'Expense Auditor' }),
    ).toHaveAttribute('href', '/catalog/default/microapp/expense-auditor');
    expect(screen.getByText('Low · 18')).toBeInTheDocument();
    expect(api.listApps).toHaveBeenCalledWith(
      expect.objectContaining({ tier: ['low'] }),
    );
  });
});
