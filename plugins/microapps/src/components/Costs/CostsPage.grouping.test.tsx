import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CostReport } from '@trellis/plugin-microapps-common';
import { withTotals } from '../../__testUtils__/microAppsTestKit';
import {
  group,
  renderPage,
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

describe('CostsPage', () => {
  setupCostsPageTests();

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
});
