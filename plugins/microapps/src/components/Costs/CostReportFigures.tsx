import Grid from '@material-ui/core/Grid';
import type { CostReport } from '@trellis/plugin-microapps-common';
import { formatUsd } from '../format';
import { CostChange } from './CostChange';
import { CostFigure } from './CostFigure';
import { GROUP_NOUNS, isOverBudget } from './costGroups';
import { formatPeriod } from './costPeriods';
import { count, plural } from './formatCount';

/** The report in four figures: total, requests, cost per request, over budget. */
export function CostReportFigures(props: { report: CostReport }) {
  const { report } = props;
  const nouns = GROUP_NOUNS[report.groupBy];
  // Totals of every group, also when the list holds only the largest ones.
  const requests = report.totalRequests;
  const withBudget = report.groups.filter(
    g => g.budgetUsd !== undefined && g.budgetUsd > 0,
  );
  const over = withBudget.filter(isOverBudget);
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
          detail={
            report.changePct === null ? (
              `Nothing in ${previous} to compare with`
            ) : (
              <>
                <CostChange pct={report.changePct} /> vs{' '}
                {formatUsd(report.previousTotalUsd)} in {previous}
              </>
            )
          }
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
            report.groupBy === 'model'
              ? '—'
              : `${count.format(over.length)} of ${count.format(
                  withBudget.length,
                )}`
          }
          detail={
            report.groupBy === 'model'
              ? 'Budgets belong to apps: group by team, cost center or app to compare.'
              : `${nouns[1].replace(/^./, c =>
                  c.toUpperCase(),
                )} with a budget whose month to date exceeds the sum of their apps' monthly budgets`
          }
        />
      </Grid>
    </>
  );
}
