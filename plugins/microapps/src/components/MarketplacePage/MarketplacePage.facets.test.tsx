import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MarketplacePage } from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  baseUrl,
  createClient,
  marketplaceItem,
} from '../../__testUtils__/microAppsTestKit';
import {
  contracts,
  renderPage,
  triage,
} from './__testUtils__/marketplaceTestApp';

const draft = marketplaceItem({
  entityRef: 'microapp:default/litigation-hold-assistant',
  name: 'litigation-hold-assistant',
  title: 'Litigation Hold Assistant',
  lifecycle: 'draft',
});
const FACETS = {
  owners: ['group:default/customer-support', 'group:default/legal-ops'],
  models: ['bedrock-claude-3-5-haiku', 'deepseek-chat'],
};

describe('MarketplacePage filters, hidden apps and relevance', () => {
  const server = setupServer();
  const seen: URLSearchParams[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    seen.length = 0;
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  /** A backend that hides the draft unless the lifecycle filter names it. */
  const serve = (answer: (params: URLSearchParams) => MarketplacePage) =>
    server.use(
      http.get(`${baseUrl}/api/microapps/apps`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        seen.push(params);
        return HttpResponse.json(answer(params));
      }),
    );
  const last = () => seen[seen.length - 1];

  it('offers owners and models of the data, and granted badges, and asks for the chosen ones', async () => {
    serve(params => {
      const items = params.getAll('owner').length ? [contracts] : [triage];
      return { items, totalItems: items.length, facets: FACETS };
    });
    renderPage(createClient());
    await screen.findByRole('link', { name: 'Ticket Triage Classifier' });

    // Owner, model and badge wait behind "More filters".
    expect(
      screen.queryByRole('group', { name: 'Owner' }),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /More filters/ }));
    const owners = screen.getByRole('group', { name: 'Owner' });
    await userEvent.click(
      within(owners).getByRole('button', { name: 'legal-ops' }),
    );
    expect(
      await screen.findByRole('link', { name: 'Contract Clause Extractor' }),
    ).toBeInTheDocument();
    expect(last().getAll('owner')).toEqual(['group:default/legal-ops']);
    expect(
      within(owners).getByRole('button', { name: 'legal-ops' }),
    ).toHaveAttribute('aria-pressed', 'true');

    const models = screen.getByRole('group', { name: 'Model' });
    await userEvent.click(
      within(models).getByRole('button', { name: 'deepseek-chat' }),
    );
    const badges = screen.getByRole('group', { name: 'Granted badge' });
    await userEvent.click(
      within(badges).getByRole('button', { name: 'Security review' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '?owner=group%3Adefault%2Flegal-ops&model=deepseek-chat&badge=security-review',
      ),
    );
    expect(last().getAll('badge')).toEqual(['security-review']);
  });

  it('selects an owner a team page linked by its short name', async () => {
    serve(() => ({ items: [contracts], totalItems: 1, facets: FACETS }));
    renderPage(createClient(), '/microapps?owner=legal-ops');
    await screen.findByRole('link', { name: 'Contract Clause Extractor' });

    // Shown at once: one of its values is chosen.
    const owners = screen.getByRole('group', { name: 'Owner' });
    const legal = within(owners).getByRole('button', { name: 'legal-ops' });
    expect(legal).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(legal);
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(/^$/),
    );
  });

  it('says how many drafts and decommissioned apps are hidden, and shows them on request', async () => {
    serve(params =>
      params.getAll('lifecycle').includes('draft')
        ? { items: [draft, triage], totalItems: 2, hiddenItems: 0 }
        : { items: [triage], totalItems: 1, hiddenItems: 3 },
    );
    renderPage(createClient());
    await screen.findByRole('link', { name: 'Ticket Triage Classifier' });
    expect(
      screen.getByText(/3 drafts and decommissioned apps hidden/),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Show them' }));
    expect(
      await screen.findByRole('link', { name: 'Litigation Hold Assistant' }),
    ).toBeInTheDocument();
    expect(last().getAll('lifecycle')).toEqual([
      'draft',
      'sandbox',
      'canary',
      'production',
      'decommissioned',
    ]);
    expect(screen.queryByText(/apps hidden/)).not.toBeInTheDocument();
  });

  it('ranks by relevance while there are search words, and says so', async () => {
    serve(params =>
      params.get('q')
        ? { items: [contracts, triage], totalItems: 2 }
        : { items: [triage], totalItems: 1 },
    );
    renderPage(createClient());
    await screen.findByRole('link', { name: 'Ticket Triage Classifier' });
    expect(last().get('sort')).toBe('name');

    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search micro-apps' }),
      'summarize my meeting notes',
    );
    await screen.findByRole('link', { name: 'Contract Clause Extractor' });
    expect(last().get('q')).toBe('summarize my meeting notes');
    expect(last().get('sort')).toBe('relevance');
    expect(screen.getByRole('button', { name: /Sort by/ })).toHaveTextContent(
      'Relevance',
    );
    // The backend's order, best match first.
    const [, first] = screen.getAllByRole('row');
    expect(
      within(first).getByRole('link', { name: 'Contract Clause Extractor' }),
    ).toBeInTheDocument();
    // No sort in the link: relevance follows from the search words.
    expect(screen.getByTestId('location')).not.toHaveTextContent('sort=');
  });
});
