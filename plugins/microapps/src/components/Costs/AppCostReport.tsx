import {
  EmptyState,
  InfoCard,
  type TableColumn,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import type { AppCosts } from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import { formatUsd } from '../format';
import { AppCostFigures } from './AppCostFigures';
import { AppMonthCard } from './AppMonthCard';
import { daysInMonth, daysOf, formatPeriod } from './costPeriods';
import { DailyCostChart, type CostSeries } from './DailyCostChart';
import { ModelCostTable, type ModelRow } from './ModelCostTable';

/** Daily cost stacked by model, with the monthly budget as a daily average. */
function DailyCostByModelCard(props: { costs: AppCosts; days: number }) {
  const { costs, days } = props;
  const series = useMemo<CostSeries[]>(
    () =>
      costs.byModel.map(model => ({
        key: model.model,
        label: model.model,
      })),
    [costs],
  );
  const budget = costs.month.budgetUsd ?? costs.budgetUsd;
  const monthDays = daysInMonth(costs.month.month);
  const budgetPerDayUsd = budget !== undefined ? budget / monthDays : undefined;
  return (
    <InfoCard
      title="Daily cost by model"
      subheader={
        budgetPerDayUsd !== undefined && budget !== undefined
          ? `Monthly budget ${formatUsd(budget)}: ${formatUsd(
              budgetPerDayUsd,
            )} a day over ${monthDays} days`
          : 'No monthly budget declared'
      }
    >
      {costs.daily.length === 0 ? (
        <EmptyState
          missing="data"
          title={`No usage in the last ${days} days`}
          description={`The app reported no model calls between ${formatPeriod(
            costs,
          )}. Earlier usage shows in a longer period.`}
        />
      ) : (
        <DailyCostChart
          title="Daily cost by model"
          days={daysOf(costs)}
          points={costs.daily.map(day => ({
            date: day.date,
            key: day.model,
            costUsd: day.costUsd,
          }))}
          series={series}
          budgetPerDayUsd={budgetPerDayUsd}
          anomalousDays={costs.anomalousDays}
        />
      )}
    </InfoCard>
  );
}

export interface AppCostReportProps {
  costs: AppCosts;
  days: number;
  modelColumns: TableColumn<ModelRow>[];
}

/** The figures, the month card, the daily chart and the table by model. */
export function AppCostReport(props: AppCostReportProps) {
  const { costs, days, modelColumns } = props;
  return (
    <>
      <AppCostFigures costs={costs} days={days} />
      <Grid item xs={12} md={4}>
        <AppMonthCard costs={costs} />
      </Grid>
      <Grid item xs={12} md={8}>
        <DailyCostByModelCard costs={costs} days={days} />
      </Grid>
      {costs.byModel.length > 0 && (
        <Grid item xs={12}>
          <ModelCostTable costs={costs} columns={modelColumns} />
        </Grid>
      )}
    </>
  );
}
