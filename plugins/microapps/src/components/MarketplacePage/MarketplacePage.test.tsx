import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { appStatus } from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  baseUrl,
  createClient,
  marketplaceItem,
} from '../../__testUtils__/microAppsTestKit';
import {
  contracts,
  mockApi,
  page,
  renderPage,
  triage,
} from './__testUtils__/marketplaceTestApp';

describe('MarketplacePage', () => {
  it('lists micro-apps with owner, risk tier, badges and figures', async () => {
    const api = mockApi(async () => page([triage, contracts], 2));
    renderPage(api);

    const link = await screen.findByRole('link', {
      name: 'Ticket Triage Classifier',
    });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/microapp/ticket-triage-classifier',
    );
    expect(
      screen.getByRole('link', { name: 'Contract Clause Extractor' }),
    ).toHaveAttribute(
      'href',
      '/catalog/legal/microapp/contract-clause-extractor',
    );
    expect(screen.getByText('Micro-apps (2)')).toBeInTheDocument();

    const [, triageRow, contractsRow] = screen.getAllByRole('row');
    const triageCells = within(triageRow);
    expect(triageCells.getByText('Medium · 48')).toBeInTheDocument();
    expect(triageCells.getByText('customer-support')).toBeInTheDocument();
    expect(triageCells.getByText(/^Classifier ·/)).toBeInTheDocument();
    // The lifecycle sits under the name, not in a column of its own.
    expect(triageCells.getByText(/^Production ·/)).toBeInTheDocument();
    expect(
      screen.queryByRole('columnheader', { name: 'Lifecycle' }),
    ).not.toBeInTheDocument();
    expect(
      triageCells.getByText('bedrock-claude-3-5-haiku'),
    ).toBeInTheDocument();
    expect(triageCells.getByText('confidential')).toBeInTheDocument();
    expect(triageCells.getByText('$1,234.50')).toBeInTheDocument();
    expect(triageCells.getByText('12,000 requests')).toBeInTheDocument();
    expect(triageCells.getByText('42 users')).toBeInTheDocument();
    const badges = triageCells.getByRole('list', { name: 'Approval badges' });
    expect(
      within(badges).getByTitle('Security review: granted'),
    ).toBeInTheDocument();
    expect(
      within(badges).getByTitle('Production readiness: stale'),
    ).toBeInTheDocument();
    // Only the badges a medium-tier production app needs: no "pending"
    // compliance review or executive sign-off.
    expect(within(badges).getAllByRole('listitem')).toHaveLength(2);
    expect(triageCells.queryByText(/pending/)).not.toBeInTheDocument();
    expect(
      triageCells.getByLabelText(
        'Status: Running without required approvals; missing for production: Production readiness',
      ),
    ).toHaveTextContent('Running without required approvals');
    expect(triageCells.queryByText(/Blocked/)).not.toBeInTheDocument();

    const contractCells = within(contractsRow);
    expect(contractCells.getByText('High · 72')).toBeInTheDocument();
    // No telemetry yet: the figures are plain zeros.
    expect(contractCells.getByText('$0.00')).toBeInTheDocument();
    expect(contractCells.getByText('0 requests')).toBeInTheDocument();
    expect(contractCells.getByText('0 users')).toBeInTheDocument();

    expect(api.listApps).toHaveBeenCalledWith(
      expect.objectContaining({ sort: 'name', limit: 20, offset: 0 }),
    );
  });

  it('says when nothing matches and clears the filters', async () => {
    const api = mockApi(async query =>
      query?.tier?.length ? page([]) : page([triage]),
    );
    renderPage(api, '/microapps?tier=low&q=nothing');

    expect(
      await screen.findByText('No micro-apps match these filters'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );

    expect(
      await screen.findByRole('link', { name: 'Ticket Triage Classifier' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('location')).toBeEmptyDOMElement();
    expect(
      screen.getByRole('searchbox', { name: 'Search micro-apps' }),
    ).toHaveValue('');
  });

  it('explains how to register a MicroApp when the catalog has none', async () => {
    renderPage(mockApi(async () => page([])));
    expect(
      await screen.findByText('No micro-apps registered yet'),
    ).toBeInTheDocument();
    expect(screen.getByText('Example MicroApp manifest')).toBeInTheDocument();
    // The manifest's code block loads lazily.
    await waitFor(() =>
      expect(document.body).toHaveTextContent(
        'apiVersion: trellis.dev/v1alpha1',
      ),
    );
    expect(document.body).toHaveTextContent('kind: MicroApp');
  });

  it('shows the error from the backend', async () => {
    renderPage(
      mockApi(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'ServiceUnavailableError',
                message: 'The marketplace index is still loading',
              },
              request: { method: 'GET', url: '/api/microapps/apps' },
              response: { statusCode: 503 },
            }),
            {
              status: 503,
              statusText: 'Service Unavailable',
              headers: { 'Content-Type': 'application/json' },
            },
          ),
        );
      }),
    );
    expect(
      await screen.findByText('The marketplace index is still loading'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Request failed with 503/)).toBeInTheDocument();
  });
});

describe('MarketplacePage trust figures', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('shows what a run costs, who uses the app and what it violated', async () => {
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/api/microapps/apps`, ({ request }) => {
        seen.push(new URL(request.url).searchParams);
        return HttpResponse.json(
          page([
            marketplaceItem({
              cost30dUsd: 494.4,
              requests30d: 12000,
              costPerRequestUsd: 0.0412,
              users30d: 1,
              violations30d: 3,
              highViolations30d: 2,
            }),
            contracts,
          ]),
        );
      }),
    );
    renderPage(createClient(), '/microapps?sort=cost');

    await screen.findByRole('link', { name: 'Ticket Triage Classifier' });
    expect(seen[0].get('sort')).toBe('cost');

    const [, triageRow, contractsRow] = screen.getAllByRole('row');
    const triage30d = within(
      within(triageRow).getByRole('list', { name: 'Last 30 days' }),
    );
    expect(triage30d.getByText('$494.40')).toBeInTheDocument();
    expect(triage30d.getByText('$0.0412 / request')).toHaveAttribute(
      'title',
      'Cost of the last 30 days divided by their requests',
    );
    expect(triage30d.getByText('12,000 requests')).toBeInTheDocument();
    expect(triage30d.getByText('1 user')).toBeInTheDocument();
    // How severe, not only how many.
    expect(triage30d.getByText('3 violations, 2 high')).toBeInTheDocument();
    // The rest of the trust panel sits in the same row.
    expect(within(triageRow).getByText('Medium · 48')).toBeInTheDocument();
    expect(within(triageRow).getByText('customer-support')).toBeInTheDocument();
    expect(within(triageRow).getByText('confidential')).toBeInTheDocument();
    expect(
      within(triageRow).getByText('bedrock-claude-3-5-haiku'),
    ).toBeInTheDocument();
    expect(
      within(triageRow).getByTitle('Security review: granted'),
    ).toBeInTheDocument();

    // Without requests there is no cost per request to speak of.
    const contracts30d = within(
      within(contractsRow).getByRole('list', { name: 'Last 30 days' }),
    );
    expect(contracts30d.getByText('— / request')).toBeInTheDocument();
    expect(contracts30d.getByText('No violations')).toBeInTheDocument();
  });

  it('shows one status per row, in words: approved, running without approvals, disabled', async () => {
    const granted = triage.badges.map(b => ({
      ...b,
      state: 'granted' as const,
    }));
    const approved = marketplaceItem({
      entityRef: 'microapp:default/approved-app',
      name: 'approved-app',
      title: 'Approved App',
      badges: granted,
    });
    const killed = marketplaceItem({
      entityRef: 'microapp:default/killed-app',
      name: 'killed-app',
      title: 'Killed App',
      badges: granted,
      status: appStatus({
        tier: 'medium',
        lifecycle: 'production',
        badges: granted,
        killSwitchEngaged: true,
      }),
    });
    renderPage(mockApi(async () => page([approved, triage, killed])));

    const rowOf = async (title: string) =>
      within((await screen.findByRole('link', { name: title })).closest('tr')!);
    const approvedRow = await rowOf('Approved App');
    expect(
      approvedRow.getByLabelText('Status: Approved for production'),
    ).toHaveTextContent('Approved for production');
    expect(
      approvedRow.getByTitle('Production readiness: granted'),
    ).toBeInTheDocument();
    expect(
      (await rowOf('Ticket Triage Classifier')).getByText(
        'Running without required approvals',
      ),
    ).toBeInTheDocument();
    const killedRow = await rowOf('Killed App');
    expect(killedRow.getByText('Disabled (kill switch)')).toBeInTheDocument();
    expect(killedRow.queryByText(/Approved/)).not.toBeInTheDocument();
  });
});
