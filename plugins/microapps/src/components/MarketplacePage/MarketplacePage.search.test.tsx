import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  contracts,
  mockApi,
  page,
  renderPage,
  triage,
} from './__testUtils__/marketplaceTestApp';

describe('MarketplacePage', () => {
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
      'Relevance',
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
});
