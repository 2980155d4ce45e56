import { ResponseError } from '@backstage/errors';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  MarketplaceItem,
  MarketplacePage as MarketplacePageResult,
} from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { useLocation } from 'react-router-dom';
import { microAppsApiRef, MicroAppsClient, type MicroAppsApi } from '../../api';
import { MarketplacePage } from './MarketplacePage';

function item(overrides: Partial<MarketplaceItem>): MarketplaceItem {
  return {
    entityRef: 'microapp:default/ticket-triage-classifier',
    name: 'ticket-triage-classifier',
    namespace: 'default',
    title: 'Ticket Triage Classifier',
    description: 'Tags every new ticket and routes it to the right queue.',
    owner: 'group:default/customer-support',
    type: 'classifier',
    lifecycle: 'production',
    tags: [],
    tier: 'medium',
    score: 48,
    models: ['bedrock-claude-3-5-haiku'],
    dataClasses: ['internal', 'confidential'],
    badges: [
      { badge: 'security-review', state: 'granted' },
      { badge: 'compliance-review', state: 'pending' },
      { badge: 'executive-signoff', state: 'pending' },
      { badge: 'production-readiness', state: 'stale' },
    ],
    cost30dUsd: 1234.5,
    requests30d: 12000,
    costPerRequestUsd: 0.035,
    users30d: 42,
    violations30d: 0,
    ...overrides,
  };
}

const triage = item({});
const contracts = item({
  entityRef: 'microapp:legal/contract-clause-extractor',
  name: 'contract-clause-extractor',
  namespace: 'legal',
  title: 'Contract Clause Extractor',
  description: undefined,
  owner: 'group:default/legal-ops',
  type: 'extractor',
  lifecycle: 'canary',
  tier: 'high',
  score: 72,
  models: ['deepseek-chat'],
  dataClasses: ['regulated'],
  cost30dUsd: 0,
  requests30d: 0,
  costPerRequestUsd: 0,
  users30d: 0,
});

/** Shows the current query string, as a user would see it in the address bar. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.search}</output>;
}

function mockApi(
  listApps: MicroAppsApi['listApps'],
): jest.Mocked<MicroAppsApi> {
  return {
    listApps: jest.fn(listApps),
    getApp: jest.fn(),
    evaluateRisk: jest.fn(),
    listModels: jest.fn(),
    grantBadge: jest.fn(),
    revokeBadge: jest.fn(),
    getGate: jest.fn(),
    getKillSwitch: jest.fn(),
    listIngestKeys: jest.fn(),
    createIngestKey: jest.fn(),
    revokeIngestKey: jest.fn(),
    getTracesEndpoint: jest.fn(),
    setKillSwitch: jest.fn(),
    listReviews: jest.fn(),
    listAudit: jest.fn(),
    verifyAudit: jest.fn(),
    getAppCosts: jest.fn(),
    getCostReport: jest.fn(),
    getChargebackCsv: jest.fn(),
    listViolations: jest.fn(),
  };
}

function renderPage(api: MicroAppsApi, url = '/microapps') {
  return renderInTestApp(
    <>
      <MarketplacePage />
      <LocationProbe />
    </>,
    {
      apis: [[microAppsApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: [url],
    },
  );
}

const page = (
  items: MarketplaceItem[],
  totalItems = items.length,
): MarketplacePageResult => ({ items, totalItems });

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
    expect(
      triageCells.getByRole('cell', { name: 'Production' }),
    ).toBeInTheDocument();
    expect(triageCells.getByText(/^Classifier ·/)).toBeInTheDocument();
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

  it('puts a filter in the URL and asks the backend for it', async () => {
    const api = mockApi(async query =>
      query?.tier?.includes('high')
        ? page([contracts])
        : page([triage, contracts]),
    );
    renderPage(api);
    await screen.findByRole('link', { name: 'Ticket Triage Classifier' });

    const tierGroup = screen.getByRole('group', { name: 'Risk tier' });
    await userEvent.click(
      within(tierGroup).getByRole('button', { name: 'High' }),
    );

    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('?tier=high'),
    );
    expect(api.listApps).toHaveBeenLastCalledWith(
      expect.objectContaining({ tier: ['high'], offset: 0 }),
    );
    expect(
      await screen.findByRole('link', { name: 'Contract Clause Extractor' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Ticket Triage Classifier' }),
    ).not.toBeInTheDocument();
    expect(
      within(tierGroup).getByRole('button', { name: 'High' }),
    ).toHaveAttribute('aria-pressed', 'true');
  });

  it('restores filters, search and page from a shared link', async () => {
    const api = mockApi(async () => page([contracts], 41));
    renderPage(
      api,
      '/microapps?q=contract&tier=high,medium&lifecycle=canary&dataClass=regulated&type=extractor&sort=risk&page=3',
    );
    await screen.findByRole('link', { name: 'Contract Clause Extractor' });

    expect(api.listApps).toHaveBeenCalledWith({
      q: 'contract',
      tier: ['medium', 'high'],
      lifecycle: ['canary'],
      type: ['extractor'],
      dataClass: ['regulated'],
      owner: [],
      model: [],
      badge: [],
      sort: 'risk',
      limit: 20,
      offset: 40,
    });
    expect(
      screen.getByRole('searchbox', { name: 'Search micro-apps' }),
    ).toHaveValue('contract');
    const lifecycle = screen.getByRole('group', { name: 'Lifecycle' });
    expect(
      within(lifecycle).getByRole('button', { name: 'Canary' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByText('41-41 of 41')).toBeInTheDocument();
  });

  it('searches once typing pauses', async () => {
    const api = mockApi(async () => page([triage]));
    renderPage(api);
    await screen.findByRole('link', { name: 'Ticket Triage Classifier' });

    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search micro-apps' }),
      'triage',
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('?q=triage'),
    );
    expect(api.listApps).toHaveBeenLastCalledWith(
      expect.objectContaining({ q: 'triage' }),
    );
    // One request for the finished word, not one per keystroke.
    expect(api.listApps).not.toHaveBeenCalledWith(
      expect.objectContaining({ q: 'tri' }),
    );
  });

  it('sorts by the chosen order', async () => {
    const api = mockApi(async () => page([triage, contracts]));
    renderPage(api);
    await screen.findByRole('link', { name: 'Ticket Triage Classifier' });

    await userEvent.click(screen.getByRole('button', { name: /Sort by/ }));
    expect(
      screen.getAllByRole('option').map(option => option.textContent),
    ).toEqual([
      'Name (A–Z)',
      'Risk score (highest first)',
      '30-day cost (highest first)',
      'Adoption (most users first)',
      'Newest first',
    ]);
    await userEvent.click(
      screen.getByRole('option', { name: 'Risk score (highest first)' }),
    );

    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('?sort=risk'),
    );
    expect(api.listApps).toHaveBeenLastCalledWith(
      expect.objectContaining({ sort: 'risk' }),
    );
  });

  it('pages through the results', async () => {
    const api = mockApi(async query =>
      page(query?.offset === 20 ? [contracts] : [triage], 21),
    );
    renderPage(api);
    await screen.findByText('1-20 of 21');

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(
      await screen.findByRole('link', { name: 'Contract Clause Extractor' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('?page=2');
    expect(screen.getByText('21-21 of 21')).toBeInTheDocument();
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
    expect(document.body).toHaveTextContent('apiVersion: trellis.dev/v1alpha1');
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
  const baseUrl = 'http://backstage.test:7007';
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
            item({
              cost30dUsd: 494.4,
              requests30d: 12000,
              costPerRequestUsd: 0.0412,
              users30d: 1,
              violations30d: 3,
            }),
            contracts,
          ]),
        );
      }),
    );
    const client = new MicroAppsClient({
      discoveryApi: mockApis.discovery({ baseUrl }),
      fetchApi: mockApis.fetch(),
    });
    renderPage(client, '/microapps?sort=cost');

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
    expect(triage30d.getByText('3 violations')).toBeInTheDocument();
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
    expect(contracts30d.getByText('0 violations')).toBeInTheDocument();
  });
});
