import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles } from '@material-ui/core/styles';
import type { CostReport } from '@trellis/plugin-microapps-common';
import { CostReportView } from './CostReportView';
import type { CostsViewState } from './costsSearchParams';
import { CostsToolbar } from './CostsToolbar';
import { useCostReport } from './useCostReport';
import { useCostsViewState } from './useCostsViewState';

const useStyles = makeStyles({
  refreshing: {
    height: 2,
  },
});

/** The report, or why there is none yet: an invalid period, an error, loading. */
function CostReportBody(props: {
  state: CostsViewState;
  problem?: string;
  error?: Error;
  report?: CostReport;
}) {
  const { state, problem, error, report } = props;
  if (problem) {
    return (
      <Grid item xs={12}>
        <EmptyState
          missing="data"
          title="Choose a period"
          description={`${problem}. Periods are whole UTC days, at most 400.`}
        />
      </Grid>
    );
  }
  if (error) {
    return (
      <Grid item xs={12}>
        <ResponseErrorPanel error={error} />
      </Grid>
    );
  }
  if (!report) {
    return (
      <Grid item xs={12}>
        <Progress />
      </Grid>
    );
  }
  return (
    <CostReportView
      report={report}
      days={state.period === 'custom' ? undefined : state.period}
    />
  );
}

/**
 * The cost and chargeback view without page chrome: group by team, cost
 * center, model or app; a period of 7, 30 or 90 days or a custom one; the
 * totals with their change, a stacked daily chart of the largest groups,
 * the top movers, the chargeback CSV and a table of every group. The
 * grouping and period live in the URL.
 *
 * @public
 */
export function CostsContent() {
  const classes = useStyles();
  const [state, setState] = useCostsViewState();
  const { problem, value, loading, error } = useCostReport(state);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <CostsToolbar state={state} setState={setState} problem={problem} />
        {loading && value && (
          <LinearProgress
            className={classes.refreshing}
            aria-label="Loading the cost report"
          />
        )}
      </Grid>
      <CostReportBody
        state={state}
        problem={problem}
        error={error}
        report={value}
      />
    </Grid>
  );
}

/**
 * The cost and chargeback page (mounted at `/microapps/costs`): what
 * micro-apps cost by team, cost center, model or app, how that changed, who
 * is over budget, and the monthly chargeback statement as CSV.
 *
 * @public
 */
export function CostsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Cost & chargeback"
        subtitle="What micro-apps cost, by team, cost center, model and app, against their budgets"
      />
      <Content>
        <CostsContent />
      </Content>
    </Page>
  );
}
