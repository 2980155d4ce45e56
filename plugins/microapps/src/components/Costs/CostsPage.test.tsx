import { screen, waitFor, within } from '@testing-library/react';
import type { CostReport } from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import {
  baseUrl,
  region,
  withTotals,
} from '../../__testUtils__/microAppsTestKit';
import {
  renderPage,
  server,
  serveReports,
  setupCostsPageTests,
  teamReport,
} from './__testUtils__/costsTestServer';

// jsdom has no layout: give the responsive chart a fixed size.
jest.mock('recharts', () =>
  jest
    .requireActual('../../__testUtils__/fixedSizeRecharts')
    .fixedSizeRecharts(),
);

const emptyReport: CostReport = withTotals({
  ...teamReport,
  totalUsd: 0,
  totalMicros: Math.round(0 * 1_000_000),
  previousTotalUsd: 0,
  changePct: null,
  groups: [],
  series: [],
});

describe('CostsPage', () => {
  setupCostsPageTests();

  it('shows totals with the change against the previous period', async () => {
    const requests = serveReports({ team: teamReport });
    renderPage();

    await screen.findByRole('region', { name: 'Total cost' });
    expect(requests).toHaveLength(1);
    expect(requests[0].get('groupBy')).toBe('team');
    expect(requests[0].get('from')).toBe('2026-10-25');
    expect(requests[0].get('to')).toBe('2026-11-23');

    expect(
      within(region('Total cost')).getByText('$5,000.00'),
    ).toBeInTheDocument();
    expect(
      within(region('Total cost')).getByText('+25.0%'),
    ).toBeInTheDocument();
    expect(region('Total cost')).toHaveTextContent(
      'vs $4,000.00 in Sep 25 – Oct 24, 2026',
    );
    expect(within(region('Requests')).getByText('56,000')).toBeInTheDocument();
    expect(
      within(region('Cost per request')).getByText('$0.0893'),
    ).toBeInTheDocument();
    expect(
      within(region('Over budget this month')).getByText('3 of 7 apps'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Oct 25 – Nov 23, 2026 · 30 UTC days'),
    ).toBeInTheDocument();
  });

  it('lists groups with change, unit cost, apps and budget; over budget stands out', async () => {
    serveReports({ team: teamReport });
    renderPage();

    await screen.findAllByRole('link', { name: 'finance-ops' });
    const table = screen.getByRole('table');
    expect(
      within(table).getByRole('link', { name: 'finance-ops' }),
    ).toHaveAttribute('href', '/catalog/default/group/finance-ops');

    const row = (name: string) =>
      within(table)
        .getAllByRole('row')
        .find(r => r.textContent?.includes(name))!;
    const finance = within(row('finance-ops'));
    expect(finance.getByText('$2,500.00')).toBeInTheDocument();
    expect(finance.getByText('+66.7%')).toBeInTheDocument();
    expect(finance.getByText('20,000')).toBeInTheDocument();
    expect(finance.getByText('$0.125')).toBeInTheDocument();
    expect(
      finance.getByText('$2,200.00 of $2,000.00 (110%)'),
    ).toBeInTheDocument();
    expect(finance.getByText('Over budget by $200.00')).toBeInTheDocument();
    // The row has a red edge in the theme's error colour.
    expect(row('finance-ops').style.boxShadow).toMatch(/^inset 4px 0 0 /);

    const support = within(row('customer-support'));
    expect(support.getByText('−25.0%')).toBeInTheDocument();
    expect(
      support.getByText('$1,000.00 of $3,000.00 (33%)'),
    ).toBeInTheDocument();
    // Under the team's summed budget, but one app is over its own: the row
    // says so and has the red edge, as the headline counts it.
    expect(support.queryByText(/Over budget by/)).not.toBeInTheDocument();
    expect(support.getByText('1 app over budget')).toBeInTheDocument();
    expect(row('customer-support').style.boxShadow).toMatch(/^inset 4px 0 0 /);
    expect(finance.getByText('2 apps over budget')).toBeInTheDocument();

    expect(
      within(row('legal-ops')).getByText('No budget set'),
    ).toBeInTheDocument();
    // Unregistered usage is named as such and links nowhere.
    expect(
      within(row('Unregistered apps')).getByText('new'),
    ).toBeInTheDocument();
    expect(
      within(row('Unregistered apps')).queryByRole('link'),
    ).not.toBeInTheDocument();
  });

  it('charts the daily cost of each group', async () => {
    serveReports({ team: teamReport });
    renderPage();

    const chart = await screen.findByRole('figure', {
      name: 'Daily cost by team',
    });
    await waitFor(() =>
      expect(chart.querySelectorAll('path.recharts-rectangle')).toHaveLength(5),
    );
    const legend = chart.querySelector(
      '.recharts-legend-wrapper',
    ) as HTMLElement;
    expect(
      Array.from(legend.querySelectorAll('li'), li => li.textContent),
    ).toEqual([
      'finance-ops',
      'customer-support',
      'legal-ops',
      'Unregistered apps',
    ]);
    expect(within(chart).getByText('USD per day')).toBeInTheDocument();
  });

  it('ranks the top movers by the dollars they moved', async () => {
    serveReports({ team: teamReport });
    renderPage();

    const increases = await screen.findByRole('list', {
      name: 'Largest increases',
    });
    const items = within(increases).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      expect.stringMatching(
        /^finance-ops\+\$1,000\.00\$1,500\.00 → \$2,500\.00 · .*\+66\.7%$/,
      ),
      expect.stringMatching(
        /^Unregistered apps\+\$300\.00\$0\.00 → \$300\.00 · new$/,
      ),
      expect.stringMatching(/^legal-ops\+\$200\.00/),
    ]);
    const decreases = screen.getByRole('list', { name: 'Largest decreases' });
    expect(
      within(decreases)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([expect.stringMatching(/^customer-support−\$500\.00/)]);
  });

  it('says what to do when no usage has been reported', async () => {
    serveReports({ team: emptyReport });
    renderPage();

    expect(
      await screen.findByText('No usage reported yet'),
    ).toBeInTheDocument();
    expect(document.body).toHaveTextContent(
      'Micro-apps send OpenTelemetry traces to /api/microapps/v1/traces; see the README.',
    );
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
    // The grouping and period stay available.
    expect(screen.getByRole('tab', { name: 'Team' })).toBeInTheDocument();
  });

  it('shows the error from the backend', async () => {
    server.use(
      http.get(`${baseUrl}/api/microapps/costs`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'Invalid query. from: must be at most 400 days before to',
            },
            request: { method: 'GET', url: '/api/microapps/costs' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    renderPage();
    expect(
      await screen.findByText(
        'Invalid query. from: must be at most 400 days before to',
      ),
    ).toBeInTheDocument();
  });
});
