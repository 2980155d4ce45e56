import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  CostGroup,
  CostGroupBy,
  CostReport,
} from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { useLocation } from 'react-router-dom';
import { microAppsApiRef, MicroAppsClient } from '../../api';
import { CostsPage } from './CostsPage';

/** A report whose totals are those of its groups, as when the list is not cut. */
function withTotals(
  report: Omit<CostReport, 'totalGroups' | 'totalRequests'>,
): CostReport {
  return {
    ...report,
    totalGroups: report.groups.length,
    totalRequests: report.groups.reduce((sum, g) => sum + g.requests, 0),
  };
}

// jsdom has no layout: give the responsive chart a fixed size.
jest.mock('recharts', () => {
  const actual = jest.requireActual('recharts');
  const { cloneElement } = jest.requireActual('react');
  return {
    ...actual,
    ResponsiveContainer: (props: { children: any; height?: number }) =>
      cloneElement(props.children, {
        width: 1000,
        height: props.height ?? 320,
      }),
  };
});

const baseUrl = 'http://backstage.test:7007';
const server = setupServer();

function group(overrides: Partial<CostGroup> & { key: string }): CostGroup {
  return {
    label: overrides.key,
    costUsd: 0,
    costMicros: Math.round(0 * 1_000_000),
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
    costPerRequestUsd: 0,
    previousCostUsd: 0,
    changePct: null,
    apps: 1,
    ...overrides,
  };
}

const teamReport: CostReport = withTotals({
  groupBy: 'team',
  from: '2026-10-25',
  to: '2026-11-23',
  previousFrom: '2026-09-25',
  previousTo: '2026-10-24',
  totalUsd: 5000,
  totalMicros: Math.round(5000 * 1_000_000),
  previousTotalUsd: 4000,
  changePct: 25,
  groups: [
    group({
      key: 'group:default/finance-ops',
      label: 'finance-ops',
      costUsd: 2500,
      costMicros: Math.round(2500 * 1_000_000),
      previousCostUsd: 1500,
      changePct: 66.67,
      requests: 20000,
      costPerRequestUsd: 0.125,
      budgetUsd: 2000,
      monthToDateUsd: 2200,
      apps: 3,
    }),
    group({
      key: 'group:default/customer-support',
      label: 'customer-support',
      costUsd: 1500,
      costMicros: Math.round(1500 * 1_000_000),
      previousCostUsd: 2000,
      changePct: -25,
      requests: 30000,
      costPerRequestUsd: 0.05,
      budgetUsd: 3000,
      monthToDateUsd: 1000,
      apps: 4,
    }),
    group({
      key: 'group:default/legal-ops',
      label: 'legal-ops',
      costUsd: 700,
      costMicros: Math.round(700 * 1_000_000),
      previousCostUsd: 500,
      changePct: 40,
      requests: 5000,
      costPerRequestUsd: 0.14,
      monthToDateUsd: 400,
    }),
    group({
      key: '(unregistered)',
      label: 'Unregistered apps',
      costUsd: 300,
      costMicros: Math.round(300 * 1_000_000),
      requests: 1000,
      costPerRequestUsd: 0.3,
      monthToDateUsd: 300,
    }),
  ],
  series: [
    { date: '2026-11-22', key: 'group:default/finance-ops', costUsd: 100 },
    { date: '2026-11-22', key: 'group:default/customer-support', costUsd: 60 },
    { date: '2026-11-23', key: 'group:default/finance-ops', costUsd: 120 },
    { date: '2026-11-23', key: 'group:default/legal-ops', costUsd: 30 },
    { date: '2026-11-23', key: '(unregistered)', costUsd: 10 },
  ],
});

/** Fourteen models: the series holds the twelve largest and "(other)". */
const modelGroups = Array.from({ length: 14 }, (_, index) =>
  group({
    key: `model-${String.fromCharCode(97 + index)}`,
    costUsd: 1400 - index * 100,
    costMicros: Math.round((1400 - index * 100) * 1_000_000),
    previousCostUsd: 1000,
    changePct: ((1400 - index * 100 - 1000) / 1000) * 100,
    requests: 1000,
    costPerRequestUsd: (1400 - index * 100) / 1000,
    apps: 0,
  }),
);
const modelReport: CostReport = withTotals({
  ...teamReport,
  groupBy: 'model',
  totalUsd: modelGroups.reduce((sum, g) => sum + g.costUsd, 0),
  totalMicros: Math.round(
    modelGroups.reduce((sum, g) => sum + g.costUsd, 0) * 1_000_000,
  ),
  previousTotalUsd: 14000,
  changePct: -30,
  groups: modelGroups,
  series: [
    ...modelGroups
      .slice(0, 12)
      .map(g => ({ date: '2026-11-23', key: g.key, costUsd: g.costUsd / 30 })),
    { date: '2026-11-23', key: '(other)', costUsd: 10 },
  ],
});

const emptyReport: CostReport = withTotals({
  ...teamReport,
  totalUsd: 0,
  totalMicros: Math.round(0 * 1_000_000),
  previousTotalUsd: 0,
  changePct: null,
  groups: [],
  series: [],
});

/** Answers `GET /costs` from the given reports and records each request. */
function serveReports(reports: Partial<Record<CostGroupBy, CostReport>>) {
  const requests: URLSearchParams[] = [];
  server.use(
    http.get(`${baseUrl}/api/microapps/costs`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      requests.push(params);
      const report = reports[params.get('groupBy') as CostGroupBy];
      return report
        ? HttpResponse.json({
            ...report,
            from: params.get('from'),
            to: params.get('to'),
          })
        : HttpResponse.json(
            { error: { name: 'NotFoundError', message: 'no fixture' } },
            { status: 404 },
          );
    }),
  );
  return requests;
}

function LocationProbe() {
  return <output data-testid="location">{useLocation().search}</output>;
}

function renderPage(url = '/microapps/costs') {
  const client = new MicroAppsClient({
    discoveryApi: mockApis.discovery({ baseUrl }),
    fetchApi: mockApis.fetch(),
  });
  return renderInTestApp(
    <>
      <CostsPage />
      <LocationProbe />
    </>,
    {
      apis: [[microAppsApiRef, client]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: [url],
    },
  );
}

const region = (name: string) => screen.getByRole('region', { name });

describe('CostsPage', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    // Only the clock is fixed; timers stay real for user events and waitFor.
    jest.useFakeTimers({
      now: new Date('2026-11-23T15:00:00Z'),
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });
  afterEach(() => {
    jest.useRealTimers();
    server.resetHandlers();
    jest.restoreAllMocks();
  });
  afterAll(() => server.close());

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
      within(region('Over budget this month')).getByText('1 of 2'),
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
    // The row is tinted with the theme's error colour.
    expect(row('finance-ops').style.backgroundColor).toMatch(
      /^rgba\(.*0\.08\)$/,
    );

    const support = within(row('customer-support'));
    expect(support.getByText('−25.0%')).toBeInTheDocument();
    expect(
      support.getByText('$1,000.00 of $3,000.00 (33%)'),
    ).toBeInTheDocument();
    expect(support.queryByText(/Over budget/)).not.toBeInTheDocument();
    expect(row('customer-support').style.backgroundColor).toBe('');

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

  it('switches the grouping, keeps it in the URL and asks for it', async () => {
    const requests = serveReports({ team: teamReport, model: modelReport });
    renderPage();
    await screen.findAllByRole('link', { name: 'finance-ops' });

    await userEvent.click(screen.getByRole('tab', { name: 'Model' }));

    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '?groupBy=model',
      ),
    );
    expect(
      await screen.findByText('Models (14), Oct 25 – Nov 23, 2026'),
    ).toBeInTheDocument();
    expect(requests.at(-1)?.get('groupBy')).toBe('model');
    expect(screen.getByRole('tab', { name: 'Model' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    // The twelve largest models and the rest as one series.
    const chart = screen.getByRole('figure', { name: 'Daily cost by model' });
    const legend = chart.querySelector(
      '.recharts-legend-wrapper',
    ) as HTMLElement;
    const entries = Array.from(
      legend.querySelectorAll('li'),
      li => li.textContent,
    );
    expect(entries).toHaveLength(13);
    expect(entries.at(-1)).toBe('Other 2 models');
    expect(
      screen.getByText('Daily cost of the 12 largest models'),
    ).toBeInTheDocument();
    // Budgets belong to apps, not models.
    expect(
      screen.queryByRole('columnheader', { name: /Budget/ }),
    ).not.toBeInTheDocument();
  });

  it('opens a shared link with its grouping and period', async () => {
    const requests = serveReports({ model: modelReport });
    renderPage('/microapps/costs?groupBy=model&period=90');

    await screen.findByRole('figure', { name: 'Daily cost by model' });
    expect(requests[0].get('groupBy')).toBe('model');
    expect(requests[0].get('from')).toBe('2026-08-26');
    expect(requests[0].get('to')).toBe('2026-11-23');
    expect(
      screen.getByRole('button', { name: 'Last 90 days' }),
    ).toHaveAttribute('aria-pressed', 'true');
  });

  it('asks for a custom period', async () => {
    const requests = serveReports({ team: teamReport });
    renderPage();
    await screen.findAllByRole('link', { name: 'finance-ops' });

    await userEvent.click(screen.getByRole('button', { name: 'Custom' }));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '?from=2026-10-25&to=2026-11-23',
      ),
    );
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2026-10-01' },
    });
    fireEvent.change(screen.getByLabelText('To'), {
      target: { value: '2026-10-31' },
    });

    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '?from=2026-10-01&to=2026-10-31',
      ),
    );
    await waitFor(() => expect(requests.at(-1)?.get('to')).toBe('2026-10-31'));
    expect(requests.at(-1)?.get('from')).toBe('2026-10-01');

    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2026-11-05' },
    });
    expect(
      await screen.findByText(/The start must not be after the end/),
    ).toBeInTheDocument();
  });

  it('downloads the chargeback statement of the chosen month', async () => {
    serveReports({ team: teamReport });
    const months: string[] = [];
    const csv =
      'month,cost_center,team,app,app_title,requests,input_tokens,output_tokens,cost_usd\r\n' +
      '2026-09,CC-1,group:default/finance-ops,microapp:default/a,A,10,100,50,1.00\r\n' +
      '2026-09,CC-2,group:default/legal-ops,microapp:default/b,"B, the second",5,50,20,0.50\r\n';
    server.use(
      http.get(
        `${baseUrl}/api/microapps/costs/chargeback.csv`,
        ({ request }) => {
          months.push(new URL(request.url).searchParams.get('month')!);
          return HttpResponse.text(csv, {
            headers: { 'Content-Type': 'text/csv; charset=utf-8' },
          });
        },
      ),
    );
    const blobs: Blob[] = [];
    URL.createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:http://localhost/chargeback';
    });
    URL.revokeObjectURL = jest.fn();
    const saved: Array<{ download: string; href: string }> = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        saved.push({ download: this.download, href: this.href });
      });

    renderPage();
    await screen.findAllByRole('link', { name: 'finance-ops' });

    // The month that ended last is preselected; choose an older one.
    await userEvent.click(screen.getByRole('button', { name: /October 2026/ }));
    expect(
      screen.getByRole('option', { name: 'November 2026 (so far)' }),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('option', { name: 'September 2026' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }));

    expect(
      await screen.findByText('Saved trellis-chargeback-2026-09.csv: 2 rows.'),
    ).toBeInTheDocument();
    expect(months).toEqual(['2026-09']);
    expect(saved).toEqual([
      {
        download: 'trellis-chargeback-2026-09.csv',
        href: 'blob:http://localhost/chargeback',
      },
    ]);
    expect(blobs[0].type).toBe('text/csv;charset=utf-8');
    expect(await blobs[0].text()).toBe(csv);
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
