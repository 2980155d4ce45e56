import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AppCosts } from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import {
  baseUrl,
  createClient,
  region,
  renderWithMicroAppsApi,
  setupFixedClock,
} from '../../__testUtils__/microAppsTestKit';
import { MicroAppCostContent } from './MicroAppCostContent';
import { costTabEntity, server } from './__testUtils__/costsTestServer';

// jsdom has no layout: give the responsive chart a fixed size.
jest.mock('recharts', () =>
  jest
    .requireActual('../../__testUtils__/fixedSizeRecharts')
    .fixedSizeRecharts(800),
);

const entity = costTabEntity;

const usage = {
  costUsd: 10,
  costMicros: 10_000_000,
  requests: 100,
  inputTokens: 10_000,
  outputTokens: 1_000,
  costPerRequestUsd: 0.1,
};

function costs(latency: Pick<AppCosts, 'latency' | 'byModel'>): AppCosts {
  return {
    entityRef: 'microapp:default/ticket-summarizer',
    from: '2026-10-25',
    to: '2026-11-23',
    totalUsd: 20,
    totalMicros: 20_000_000,
    totals: { ...usage, costUsd: 20, costMicros: 20_000_000, requests: 200 },
    month: { month: '2026-11', costUsd: 20, forecastUsd: 25 },
    previous: {
      from: '2026-09-25',
      to: '2026-10-24',
      totalUsd: 0,
      requests: 0,
    },
    changePct: null,
    daily: [
      {
        date: '2026-11-22',
        model: 'azure-gpt-4.1',
        cachedInputTokens: 0,
        errors: 0,
        ...usage,
      },
    ],
    ...latency,
  };
}

/** The backend's cost route of the app, answering `body`. */
function serveCosts(body: AppCosts) {
  server.use(
    http.get(
      `${baseUrl}/api/microapps/apps/default/ticket-summarizer/costs`,
      () => HttpResponse.json(body),
    ),
  );
}

const renderTab = () =>
  renderWithMicroAppsApi(
    <EntityProvider entity={entity}>
      <MicroAppCostContent />
    </EntityProvider>,
    createClient(),
    { url: '/catalog/default/microapp/ticket-summarizer/cost' },
  );

describe('MicroAppCostContent latency', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  setupFixedClock();
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('shows p50 / p95 for the app and per model, a top bucket as "> 60 s"', async () => {
    serveCosts(
      costs({
        latency: {
          samples: 1_500,
          p50: { ms: 820, lowerBound: false },
          p95: { ms: 1_432, lowerBound: false },
        },
        byModel: [
          {
            model: 'azure-gpt-4.1',
            ...usage,
            latency: {
              samples: 1_000,
              p50: { ms: 2_050, lowerBound: false },
              p95: { ms: 60_000, lowerBound: true },
            },
          },
          {
            model: 'azure-gpt-4.1-mini',
            ...usage,
            latency: {
              samples: 500,
              p50: { ms: 380, lowerBound: false },
              p95: { ms: 12_400, lowerBound: false },
            },
          },
        ],
      }),
    );
    renderTab();

    const figure = await screen.findByRole('region', {
      name: 'Latency p50 / p95',
    });
    expect(figure).toHaveTextContent('820 ms / 1.4 s');
    expect(figure).toHaveTextContent('Over 1,500 model calls with a duration');
    const table = screen.getByRole('table');
    expect(
      within(table).getByRole('columnheader', { name: 'Latency p50 / p95' }),
    ).toBeInTheDocument();
    const row = (model: string) =>
      within(table).getByRole('row', { name: new RegExp(`^${model} `) });
    expect(row('azure-gpt-4.1')).toHaveTextContent('2.1 s / > 60 s');
    expect(row('azure-gpt-4.1-mini')).toHaveTextContent('380 ms / 12 s');
  });

  it('shows a dash that says no latency was recorded, not 0 ms', async () => {
    serveCosts(
      costs({
        latency: { samples: 0 },
        byModel: [
          { model: 'azure-gpt-4.1', ...usage, latency: { samples: 0 } },
        ],
      }),
    );
    renderTab();

    const figure = within(
      await screen.findByRole('region', { name: 'Latency p50 / p95' }),
    );
    expect(figure.queryByText(/ms/)).not.toBeInTheDocument();
    await userEvent.hover(figure.getByText('—'));
    expect(
      await screen.findByRole('tooltip', {
        name: 'No latency recorded in this period',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /^azure-gpt-4\.1 / }),
    ).not.toHaveTextContent(/\d ms/);
    expect(region('Latency p50 / p95')).toBeInTheDocument();
  });
});
