import { renderTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { microAppsApiRef, type MicroAppsApi } from './api';
import microAppsPlugin from './alpha';

describe('microapps plugin (new frontend system)', () => {
  it('serves the marketplace page at /microapps', async () => {
    const api: Partial<MicroAppsApi> = {
      listApps: jest.fn(async () => ({ items: [], totalItems: 0 })),
    };
    renderTestApp({
      features: [microAppsPlugin],
      apis: [[microAppsApiRef, api]],
      initialRouteEntries: ['/microapps'],
    });

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Micro-apps' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No micro-apps registered yet'),
    ).toBeInTheDocument();
    expect(api.listApps).toHaveBeenCalled();
  });

  it('provides the page and the API as extensions', () => {
    expect(microAppsPlugin.getExtension('page:microapps')).toBeDefined();
    expect(microAppsPlugin.getExtension('api:microapps')).toBeDefined();
  });
});
