import { renderInTestApp } from '@backstage/frontend-test-utils';
import { createTheme } from '@material-ui/core/styles';
import { screen } from '@testing-library/react';
import type { AppCosts } from '@trellis/plugin-microapps-common';
import { AppMonthCard } from './AppMonthCard';
import { clippedAxisMax, niceCeil } from './chartScale';
import { CostReportFigures } from './CostReportFigures';
import type { ChartRow } from './dailyCostData';
import { DailyCostCaption } from './DailyCostChart';
import { ModelCostTable, modelColumns } from './ModelCostTable';
import { SERIES_PALETTES, seriesColors } from './seriesColors';
import { teamReport } from './__testUtils__/costsTestServer';

const row = (date: string, total: number) => ({ date, total } as ChartRow);

describe('clippedAxisMax', () => {
  it('cuts the axis below a spike at 1.5 times the costliest ordinary day', () => {
    const rows = [row('d1', 4), row('d2', 6), row('d3', 60)];
    // Ordinary top 6; spike 60 > 2 × 6; 1.5 × 6 = 9, rounded up to 10.
    expect(clippedAxisMax(rows, new Set(['d3']))).toBe(10);
  });

  it('keeps the axis when nothing is anomalous or the spike is small', () => {
    const rows = [row('d1', 4), row('d2', 6), row('d3', 11)];
    expect(clippedAxisMax(rows, new Set())).toBeUndefined();
    // 11 ≤ 2 × 6.
    expect(clippedAxisMax(rows, new Set(['d3']))).toBeUndefined();
  });

  it.each([
    [9, 10],
    [0.3, 0.5],
    [120, 200],
    [2400, 2500],
  ])('rounds %d up to %d', (value, nice) => {
    expect(niceCeil(value)).toBe(nice);
  });
});

describe('seriesColors', () => {
  it.each(['light', 'dark'] as const)(
    'gives ten distinct colours in the %s theme',
    type => {
      const colors = seriesColors(createTheme({ palette: { type } }), 10);
      expect(new Set(colors).size).toBe(10);
      expect(colors).toEqual([...SERIES_PALETTES[type]]);
    },
  );
});

describe('DailyCostCaption', () => {
  it('names the unusual day and says the axis is cut', async () => {
    await renderInTestApp(
      <DailyCostCaption
        title="Daily cost by model"
        budget={{ show: false, offChart: false }}
        spikes={[{ date: '2026-11-03', total: 60 }]}
        axisMax={10}
      />,
    );
    const caption = screen.getByText(/Marked as unusual/);
    expect(caption).toHaveTextContent(
      'Marked as unusual (more than 3 times the median day): Nov 3 $60.00.',
    );
    expect(caption).toHaveTextContent('The axis stops at $10.00');
  });
});

describe('AppMonthCard', () => {
  it('shows the median-based forecast with its range', async () => {
    const costs = {
      month: {
        month: '2026-11',
        costUsd: 93,
        budgetUsd: 100,
        forecastUsd: 173,
        forecastLowUsd: 153,
        forecastHighUsd: 193,
        medianDailyUsd: 4,
        forecastBasisDays: 9,
        overBudget: false,
      },
    } as AppCosts;
    await renderInTestApp(<AppMonthCard costs={costs} />);
    expect(screen.getByText('$173.00')).toBeInTheDocument();
    expect(
      screen.getByText('Likely range $153.00–$193.00'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/median daily cost .* \(\$4\.00\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('On pace to exceed the budget by $73.00'),
    ).toBeInTheDocument();
  });
});

describe('CostReportFigures', () => {
  it('shows no change for a period that has not begun', async () => {
    await renderInTestApp(
      <CostReportFigures
        report={{
          ...teamReport,
          from: '2999-01-01',
          to: '2999-01-31',
          changePct: null,
        }}
      />,
    );
    expect(
      screen.getByText('This period has not begun: no change to show'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/−100/)).not.toBeInTheDocument();
    expect(screen.getByText('3 of 7 apps')).toBeInTheDocument();
  });
});

describe('ModelCostTable', () => {
  it('shows error rate, cache hits and the cache saving per model', async () => {
    const costs = {
      from: '2026-11-01',
      to: '2026-11-10',
      totalUsd: 10,
      byModel: [
        {
          model: 'cached-model',
          costUsd: 10,
          costMicros: 10_000_000,
          requests: 200,
          inputTokens: 1_000_000,
          outputTokens: 1_000,
          costPerRequestUsd: 0.05,
          errors: 5,
          errorRate: 0.025,
          cachedInputTokens: 400_000,
          cacheHitRate: 0.4,
          cacheSavingUsd: 0.5,
          switchHint: {
            model: 'mini',
            monthlySavingUsd: 135,
            sameProvider: true,
          },
        },
      ],
    } as AppCosts;
    await renderInTestApp(
      <ModelCostTable costs={costs} columns={modelColumns()} />,
    );
    expect(await screen.findByText('2.5%')).toBeInTheDocument();
    expect(screen.getByText('40.0%')).toBeInTheDocument();
    expect(screen.getByText('saved $0.50')).toBeInTheDocument();
    expect(
      screen.getByText(
        /Switching cached-model → mini would save about \$135\.00 a month/,
      ),
    ).toBeInTheDocument();
  });
});
