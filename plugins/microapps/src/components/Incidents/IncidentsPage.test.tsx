import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  LocationProbe,
  mockMicroAppsApi,
  renderWithMicroAppsApi,
} from '../../__testUtils__/microAppsTestKit';
import { IncidentsPage } from './IncidentsPage';
import { incident, policies } from './__testUtils__/incidentsTestServer';

const { events: _events, ...summary } = incident;

async function forbidden() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message: 'Only stewards may read the loaded policies.',
        },
        request: { method: 'GET', url: '/api/microapps/policies' },
        response: { statusCode: 403 },
      }),
      { status: 403, headers: { 'content-type': 'application/json' } },
    ) as any,
  );
}

describe('IncidentsPage', () => {
  it('lists open and mitigated incidents linked to the app’s Policy tab, and filters by state', async () => {
    const api = mockMicroAppsApi({
      listIncidents: async query =>
        query?.state === 'open'
          ? { items: [summary], totalItems: 1 }
          : { items: [], totalItems: 0 },
      listPolicies: async () => policies,
    });
    renderWithMicroAppsApi(
      <>
        <IncidentsPage />
        <LocationProbe />
      </>,
      api,
      { url: '/microapps/incidents' },
    );

    const incidents = await screen.findByRole('region', { name: 'Incidents' });
    const row = await within(incidents).findByRole('row', {
      name: /Email addresses in prompts/,
    });
    expect(
      within(row).getByRole('link', { name: 'Email addresses in prompts' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/microapp/ticket-triage-classifier/policy?incident=7',
    );
    expect(api.listIncidents.mock.calls.map(([query]) => query?.state)).toEqual(
      ['open', 'mitigated'],
    );

    const states = screen.getByRole('group', { name: 'State' });
    await userEvent.click(
      within(states).getByRole('button', { name: 'Closed' }),
    );
    expect(screen.getByTestId('location')).toHaveTextContent(
      '?state=open&state=mitigated&state=closed',
    );
  });

  it('shows the policies, enforce apart from dry run, and the packs that did not load', async () => {
    const api = mockMicroAppsApi({
      listIncidents: async () => ({ items: [], totalItems: 0 }),
      listPolicies: async () => policies,
    });
    renderWithMicroAppsApi(<IncidentsPage />, api);

    const enforcing = await screen.findByRole('row', { name: /pii-burst/ });
    expect(within(enforcing).getByText('Enforce')).toBeInTheDocument();
    expect(within(enforcing).getByText('Critical')).toBeInTheDocument();
    expect(
      within(enforcing).getByText('window.pii_detected > 10'),
    ).toBeInTheDocument();
    expect(
      within(enforcing).getByText('Turn the kill switch on'),
    ).toBeInTheDocument();
    expect(
      within(enforcing).getByText('Notify the security stewards'),
    ).toBeInTheDocument();

    const dryRun = screen.getByRole('row', { name: /cost-spike/ });
    expect(within(dryRun).getByText('Dry run')).toBeInTheDocument();
    expect(within(dryRun).getByText('Never fired')).toBeInTheDocument();
    expect(
      within(dryRun).getByText('Require a new Security review'),
    ).toBeInTheDocument();

    const problems = screen.getByRole('alert');
    expect(problems).toHaveTextContent('A policy pack has a problem');
    expect(problems).toHaveTextContent(
      'file:policies/broken.yaml:12:9 · policy egress-watch · field policies[0].when: Undeclared reference to "window.egres"',
    );
  });

  it('tells a non-steward that only stewards see the policies', async () => {
    const api = mockMicroAppsApi({
      listIncidents: async () => ({ items: [], totalItems: 0 }),
      listPolicies: async () => {
        throw await forbidden();
      },
    });
    renderWithMicroAppsApi(<IncidentsPage />, api);

    expect(
      await screen.findByText('Only stewards can see the policies'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Only stewards may read the loaded policies\./),
    ).toBeInTheDocument();
  });
});
