import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AppCosts } from '@trellis/plugin-microapps-common';
import type { MicroAppsApi } from '../../api';
import {
  LocationProbe,
  mockMicroAppsApi,
  region,
  renderWithMicroAppsApi,
  setupFixedClock,
} from '../../__testUtils__/microAppsTestKit';
import { MicroAppCostContent } from './MicroAppCostContent';
import { costTabEntity } from './__testUtils__/costsTestServer';

// jsdom has no layout: give the responsive chart a fixed size.
jest.mock('recharts', () =>
  jest
    .requireActual('../../__testUtils__/fixedSizeRecharts')
    .fixedSizeRecharts(800),
);

const entity = costTabEntity;

function costs(overrides: Partial<AppCosts> = {}): AppCosts {
  return {
    entityRef: 'microapp:default/ticket-summarizer',
    from: '2026-10-25',
    to: '2026-11-23',
    totalUsd: 1250,
    totalMicros: Math.round(1250 * 1_000_000),
    totals: {
      costUsd: 1250,
      costMicros: Math.round(1250 * 1_000_000),
      requests: 10000,
      inputTokens: 4_200_000,
      outputTokens: 800_000,
      costPerRequestUsd: 0.125,
    },
    budgetUsd: 1000,
    forecastUsd: 1500,
    month: {
      month: '2026-11',
      costUsd: 1120,
      budgetUsd: 1000,
      forecastUsd: 1500,
    },
    previous: {
      from: '2026-09-25',
      to: '2026-10-24',
      totalUsd: 1000,
      requests: 8000,
    },
    changePct: 25,
    daily: [
      {
        date: '2026-11-22',
        model: 'azure-gpt-4.1',
        costUsd: 700,
        costMicros: Math.round(700 * 1_000_000),
        inputTokens: 2_000_000,
        outputTokens: 500_000,
        cachedInputTokens: 0,
        requests: 5000,
        errors: 0,
      },
      {
        date: '2026-11-22',
        model: 'azure-gpt-4.1-mini',
        costUsd: 50,
        costMicros: Math.round(50 * 1_000_000),
        inputTokens: 1_200_000,
        outputTokens: 100_000,
        cachedInputTokens: 0,
        requests: 5000,
        errors: 1,
      },
      {
        date: '2026-11-23',
        model: 'azure-gpt-4.1',
        costUsd: 500,
        costMicros: Math.round(500 * 1_000_000),
        inputTokens: 1_000_000,
        outputTokens: 200_000,
        cachedInputTokens: 0,
        requests: 2500,
        errors: 0,
      },
    ],
    byModel: [
      {
        model: 'azure-gpt-4.1',
        costUsd: 1200,
        costMicros: Math.round(1200 * 1_000_000),
        requests: 7500,
        inputTokens: 3_000_000,
        outputTokens: 700_000,
        costPerRequestUsd: 0.16,
      },
      {
        model: 'azure-gpt-4.1-mini',
        costUsd: 50,
        costMicros: Math.round(50 * 1_000_000),
        requests: 5000,
        inputTokens: 1_200_000,
        outputTokens: 100_000,
        costPerRequestUsd: 0.01,
      },
    ],
    ...overrides,
  };
}

const empty = costs({
  totalUsd: 0,
  totalMicros: Math.round(0 * 1_000_000),
  totals: {
    costUsd: 0,
    costMicros: Math.round(0 * 1_000_000),
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
    costPerRequestUsd: 0,
  },
  budgetUsd: undefined,
  forecastUsd: 0,
  month: { month: '2026-11', costUsd: 0, forecastUsd: 0 },
  previous: { from: '2026-09-25', to: '2026-10-24', totalUsd: 0, requests: 0 },
  changePct: null,
  daily: [],
  byModel: [],
});

const mockApi = (getAppCosts: MicroAppsApi['getAppCosts']) =>
  mockMicroAppsApi({ getAppCosts });

function renderTab(
  api: MicroAppsApi,
  url = '/catalog/default/microapp/ticket-summarizer/cost',
) {
  return renderWithMicroAppsApi(
    <EntityProvider entity={entity}>
      <MicroAppCostContent />
      <LocationProbe />
    </EntityProvider>,
    api,
    { url },
  );
}

const figure = (name: string) => within(region(name));

describe('MicroAppCostContent', () => {
  // Only the clock is fixed; timers stay real for user events and waitFor.
  setupFixedClock();

  it('shows the period total with its change, unit costs and tokens', async () => {
    const api = mockApi(async () => costs());
    renderTab(api);

    await screen.findByRole('region', { name: 'Total cost' });
    expect(api.getAppCosts).toHaveBeenCalledWith(
      { namespace: 'default', name: 'ticket-summarizer' },
      { from: '2026-10-25', to: '2026-11-23' },
    );
    expect(figure('Total cost').getByText('$1,250.00')).toBeInTheDocument();
    expect(figure('Total cost').getByText('+25.0%')).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Total cost' }),
    ).toHaveTextContent('vs the previous 30 days ($1,000.00)');
    expect(figure('Cost per request').getByText('$0.125')).toBeInTheDocument();
    expect(figure('Requests').getByText('10,000')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Requests' })).toHaveTextContent(
      '8,000 in the previous 30 days',
    );
    expect(
      figure('Input / output tokens').getByText('4.2M / 800K'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Oct 25 – Nov 23, 2026 (UTC days)'),
    ).toBeInTheDocument();
  });

  it('flags a month over budget and a forecast past it', async () => {
    renderTab(mockApi(async () => costs()));

    expect(
      await screen.findByText('Over budget by $120.00'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('$1,120.00 of $1,000.00 (112%)'),
    ).toBeInTheDocument();
    const bar = screen.getByRole('progressbar', {
      name: 'Month to date: 112% of budget',
    });
    expect(bar).toHaveAttribute('aria-valuenow', '100');
    expect(bar.closest('[data-over-budget]')).not.toBeNull();
    expect(screen.getByText('$1,500.00')).toBeInTheDocument();
    expect(
      screen.getByText('On pace to exceed the budget by $500.00'),
    ).toBeInTheDocument();
  });

  it('charts daily cost by model with the budget as a daily average', async () => {
    renderTab(mockApi(async () => costs()));

    const chart = await screen.findByRole('figure', {
      name: 'Daily cost by model',
    });
    // One bar segment per model and day with cost.
    await waitFor(() =>
      expect(chart.querySelectorAll('path.recharts-rectangle')).toHaveLength(3),
    );
    const legend = chart.querySelector(
      '.recharts-legend-wrapper',
    ) as HTMLElement;
    expect(within(legend).getByText('azure-gpt-4.1')).toBeInTheDocument();
    expect(within(legend).getByText('azure-gpt-4.1-mini')).toBeInTheDocument();
    // $1,000 over November's 30 days.
    expect(
      within(chart).getByText('Budget $33.33/day avg'),
    ).toBeInTheDocument();
    expect(within(chart).getByText('USD per day')).toBeInTheDocument();
    expect(within(chart).getByText('Date (UTC)')).toBeInTheDocument();
    // Every day of the period is on the axis, also those without usage.
    expect(
      within(chart).getAllByText(/^(Oct|Nov) \d+$/).length,
    ).toBeGreaterThan(2);
  });

  it('leaves a budget far above every day off the chart and says so', async () => {
    // $300,000 a month is $10,000 a day, against days of a few hundred dollars.
    renderTab(
      mockApi(async () =>
        costs({
          budgetUsd: 300_000,
          month: { ...costs().month, budgetUsd: 300_000 },
        }),
      ),
    );

    const chart = await screen.findByRole('figure', {
      name: 'Daily cost by model',
    });
    await waitFor(() =>
      expect(chart.querySelectorAll('path.recharts-rectangle')).toHaveLength(3),
    );
    expect(
      within(chart).queryByText(/^Budget .*\/day avg$/),
    ).not.toBeInTheDocument();
    expect(
      within(chart).getByText(
        /The budget's daily average \(\$10,000\.00\) is more than 4 times the costliest day/,
      ),
    ).toBeInTheDocument();
  });

  it('breaks the period down by model', async () => {
    renderTab(mockApi(async () => costs()));

    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    const gpt = rows.find(row => row.textContent?.includes('azure-gpt-4.1$'))!;
    expect(gpt).toBeDefined();
    expect(within(gpt).getByText('$1,200.00')).toBeInTheDocument();
    expect(within(gpt).getByText('(96%)')).toBeInTheDocument();
    expect(within(gpt).getByText('7,500')).toBeInTheDocument();
    expect(within(gpt).getByText(/^3M \/ /)).toBeInTheDocument();
    expect(within(gpt).getByText('$0.16')).toBeInTheDocument();
  });

  it('asks for the chosen period and keeps it in the URL', async () => {
    const api = mockApi(async (_ref, range) =>
      costs({ from: range!.from!, to: range!.to!, totalUsd: 300 }),
    );
    renderTab(api);
    await screen.findByRole('region', { name: 'Total cost' });

    await userEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));

    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('?period=7'),
    );
    expect(api.getAppCosts).toHaveBeenLastCalledWith(expect.anything(), {
      from: '2026-11-17',
      to: '2026-11-23',
    });
    expect(
      await figure('Total cost').findByText('$300.00'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Last 7 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(
      screen.getByRole('region', { name: 'Total cost' }),
    ).toHaveTextContent('vs the previous 7 days');
  });

  it('says where usage comes from when none has been reported', async () => {
    renderTab(mockApi(async () => empty));

    expect(
      await screen.findByText('No usage reported yet'),
    ).toBeInTheDocument();
    expect(document.body).toHaveTextContent(
      'Micro-apps send OpenTelemetry traces to /api/microapps/v1/traces; see the README.',
    );
    await waitFor(() =>
      expect(document.body).toHaveTextContent(
        'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=',
      ),
    );
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });

  it('says when a short period has no usage and when no budget is declared', async () => {
    renderTab(
      mockApi(async () =>
        costs({
          ...empty,
          from: '2026-11-17',
          month: { month: '2026-11', costUsd: 40, forecastUsd: 40 },
        }),
      ),
      '/cost?period=7',
    );

    expect(
      await screen.findByText('No usage in the last 7 days'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /No monthly budget declared\. Set spec\.limits\.monthlyBudgetUsd/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Total cost' }),
    ).toHaveTextContent('Nothing in the previous 7 days to compare with');
  });
});
