import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import type { AppCosts } from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import { AppCostReport } from './AppCostReport';
import { AppCostToolbar } from './AppCostToolbar';
import { modelColumns } from './ModelCostTable';
import { NoUsageEmptyState } from './NoUsageEmptyState';
import { useAppCosts } from './useAppCosts';

/** Nothing in the last 60 days or more: most likely nothing ever. */
function neverUsed(costs: AppCosts, days: number) {
  return (
    days >= 30 &&
    costs.daily.length === 0 &&
    costs.previous.totalUsd === 0 &&
    costs.previous.requests === 0 &&
    costs.month.costUsd === 0
  );
}

/**
 * The Cost tab of a MicroApp's entity page: the period's cost with the
 * change against the period before, cost per request, requests and tokens;
 * the month so far against the budget with the month-end forecast; daily
 * cost stacked by model with the budget as a daily average; and a table by
 * model. The period (last 7, 30 or 90 days) is kept in the URL as `period`.
 *
 * @public
 */
export function MicroAppCostContent() {
  const { days, setDays, period, value, loading, error } = useAppCosts();
  // material-table writes bookkeeping into columns: made once for the tab,
  // they keep it while the table comes and goes.
  const columns = useMemo(modelColumns, []);

  let body: JSX.Element;
  if (error) {
    body = (
      <Grid item xs={12}>
        <ResponseErrorPanel error={error} />
      </Grid>
    );
  } else if (!value) {
    body = (
      <Grid item xs={12}>
        <Progress />
      </Grid>
    );
  } else if (neverUsed(value, days)) {
    body = (
      <Grid item xs={12}>
        <NoUsageEmptyState subject="this micro-app" />
      </Grid>
    );
  } else {
    body = <AppCostReport costs={value} days={days} modelColumns={columns} />;
  }

  return (
    <Grid container spacing={3}>
      <AppCostToolbar
        days={days}
        onDaysChange={setDays}
        shownPeriod={value && !loading ? value : period}
        refreshing={Boolean(loading && value)}
      />
      {body}
    </Grid>
  );
}
