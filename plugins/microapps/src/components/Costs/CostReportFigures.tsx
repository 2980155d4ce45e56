import Grid from '@material-ui/core/Grid';
import type { CostReport } from '@trellis/plugin-microapps-common';
import { formatUsd } from '../format';
import { CostChange } from './CostChange';
import { CostFigure } from './CostFigure';
import { GROUP_NOUNS } from './costGroups';
import { formatPeriod, todayUtc } from './costPeriods';
import { count, plural } from './formatCount';

/** Whether the report's period starts after today (UTC). */
const periodNotBegun = (report: CostReport) => report.from > todayUtc();

/** The total's change, or why there is none. */
function ChangeDetail(props: { report: CostReport; previous: string }) {
  const { report, previous } = props;
  if (report.changePct !== null) {
    return (
      <>
        <CostChange pct={report.changePct} /> vs{' '}
        {formatUsd(report.previousTotalUsd)} in {previous}
      </>
    );
  }
  return (
    <>
      {periodNotBegun(report)
        ? 'This period has not begun: no change to show'
        : `No earlier data: nothing in ${previous} to compare with`}
    </>
  );
}

/** The report in four figures: total, requests, cost per request, over budget. */
export function CostReportFigures(props: { report: CostReport }) {
  const { report } = props;
  const nouns = GROUP_NOUNS[report.groupBy];
  // Totals of every group, also when the list holds only the largest ones.
  const requests = report.totalRequests;
  const over = report.overBudget;
  const previous = formatPeriod({
    from: report.previousFrom,
    to: report.previousTo,
  });
  return (
    <>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Total cost"
          value={formatUsd(report.totalUsd)}
          detail={<ChangeDetail report={report} previous={previous} />}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Requests"
          value={count.format(requests)}
          detail={`Model calls across ${plural(report.totalGroups, nouns)}`}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Cost per request"
          value={requests > 0 ? formatUsd(report.totalUsd / requests) : '—'}
          detail="Total cost divided by requests"
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Over budget this month"
          value={
            over
              ? `${count.format(over.apps)} of ${plural(over.appsWithBudget, [
                  'app',
                  'apps',
                ])}`
              : '—'
          }
          detail={
            over
              ? 'Apps whose month to date exceeds their monthly budget, of the apps with a budget (decommissioned apps count none). Rows holding one have a red edge.'
              : 'Budgets belong to apps: group by team, cost center or app to compare.'
          }
        />
      </Grid>
    </>
  );
}
