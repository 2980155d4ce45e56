import Grid from '@material-ui/core/Grid';
import type { AppCosts } from '@trellis/plugin-microapps-common';
import { formatCompact, formatUsd, wholeNumberFormat } from '../format';
import { CostChange } from './CostChange';
import { CostFigure } from './CostFigure';
import { LatencyValue } from './latency';

/**
 * A micro-app's period in four figures, each against the period before,
 * and the latency of its model calls.
 */
export function AppCostFigures(props: { costs: AppCosts; days: number }) {
  const { costs, days } = props;
  const { totals, previous } = costs;
  return (
    <>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Total cost"
          value={formatUsd(costs.totalUsd)}
          detail={
            costs.changePct === null ? (
              `Nothing in the previous ${days} days to compare with`
            ) : (
              <>
                <CostChange pct={costs.changePct} /> vs the previous {days} days
                ({formatUsd(previous.totalUsd)})
              </>
            )
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Cost per request"
          value={
            totals.requests > 0 ? formatUsd(totals.costPerRequestUsd) : '—'
          }
          detail={
            previous.requests > 0
              ? `${formatUsd(
                  previous.totalUsd / previous.requests,
                )} in the previous ${days} days`
              : `No requests in the previous ${days} days`
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Requests"
          value={wholeNumberFormat.format(totals.requests)}
          detail={`${wholeNumberFormat.format(
            previous.requests,
          )} in the previous ${days} days`}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Input / output tokens"
          value={`${formatCompact(totals.inputTokens)} / ${formatCompact(
            totals.outputTokens,
          )}`}
          detail={`${wholeNumberFormat.format(
            totals.inputTokens,
          )} in, ${wholeNumberFormat.format(totals.outputTokens)} out`}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Latency p50 / p95"
          value={<LatencyValue latency={costs.latency} />}
          detail={
            costs.latency && costs.latency.samples > 0
              ? `Over ${wholeNumberFormat.format(
                  costs.latency.samples,
                )} model calls with a duration`
              : undefined
          }
        />
      </Grid>
    </>
  );
}
