import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { microAppsApiRef } from '../../api';
import { createClient } from '../../__testUtils__/microAppsTestKit';
import { AppIncidentsCard } from './AppIncidentsCard';
import {
  entityRef,
  incidentHandlers,
} from './__testUtils__/incidentsTestServer';

// A separate file because usePermission caches decisions for a whole file:
// here one of the app's owners, who manages its incidents but is no steward.
const server = setupServer();
const owner = mockApis.permission({
  authorize: request =>
    request.permission.name === 'microapps.incidents.read' ||
    request.permission.name === 'microapps.incidents.manage'
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY,
});

describe('AppIncidentsCard (an owner)', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('lets the owner add notes and mark the incident mitigated, but not close it', async () => {
    server.use(...incidentHandlers());
    renderInTestApp(<AppIncidentsCard entityRef={entityRef} />, {
      apis: [[microAppsApiRef, createClient()], owner],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: ['/policy?incident=7'],
    });

    const actions = await screen.findByRole('group', {
      name: 'Incident actions',
    });
    expect(
      within(actions)
        .getAllByRole('button')
        .map(button => button.textContent),
    ).toEqual(['Add note', 'Mark mitigated']);
    expect(
      screen.queryByRole('button', { name: 'Close with retrospective' }),
    ).not.toBeInTheDocument();
  });
});
