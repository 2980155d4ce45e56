import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { microAppsApiRef } from '../../../api';
import { MicroAppPolicyContent } from './MicroAppPolicyContent';
import { createClient } from '../../../__testUtils__/microAppsTestKit';
import { appUrl, entity, entityRef } from '../__testUtils__/microAppTestServer';

// A separate file because usePermission caches decisions for a whole file.
const server = setupServer();

describe('MicroAppPolicyContent (without the kill switch permission)', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('shows a kill switch that a steward turned on, and that only stewards may turn it off', async () => {
    server.use(
      http.get(`${appUrl}/kill-switch`, () =>
        HttpResponse.json({
          entityRef,
          enabled: true,
          reason: 'Leaking tickets',
          updatedBy: 'user:default/sam-security',
          updatedAt: '2026-11-20T10:00:00.000Z',
          engagedByRole: 'steward',
          releasableBy: 'stewards',
          releaseStewardRoles: ['security', 'platform'],
        }),
      ),
      http.get(`${appUrl}/violations`, () =>
        HttpResponse.json({ items: [], totalItems: 0, series: [] }),
      ),
    );
    renderInTestApp(
      <EntityProvider entity={entity}>
        <MicroAppPolicyContent />
      </EntityProvider>,
      {
        apis: [
          [microAppsApiRef, createClient()],
          mockApis.permission({ authorize: AuthorizeResult.DENY }),
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    expect(await screen.findByText('Kill switch is on')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Reason: Leaking tickets',
    );
    expect(screen.getByRole('alert')).toHaveTextContent(', a steward');
    expect(
      await screen.findByText(
        'A steward turned it on, so only security or platform stewards can turn it off (permission microapps.killswitch.release).',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
  });
});
