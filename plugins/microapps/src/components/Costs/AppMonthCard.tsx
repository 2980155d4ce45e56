import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { AppCosts } from '@trellis/plugin-microapps-common';
import { formatUsd } from '../format';
import { BudgetProgress } from './BudgetProgress';
import { formatMonth } from './costPeriods';
import { readableTextColor } from '../contrast';

const useStyles = makeStyles(theme => ({
  month: {
    fontVariantNumeric: 'tabular-nums',
  },
  monthFigure: {
    fontVariantNumeric: 'tabular-nums',
    marginBottom: theme.spacing(1),
  },
  forecast: {
    marginTop: theme.spacing(2),
  },
  warning: {
    color: readableTextColor(theme, theme.palette.error.main),
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  muted: {
    color: theme.palette.text.secondary,
  },
}));

/** A micro-app's month so far against its budget, and the month-end forecast. */
export function AppMonthCard(props: { costs: AppCosts }) {
  const classes = useStyles();
  const { month } = props.costs;
  const budget = month.budgetUsd;
  const forecastOver = budget !== undefined && month.forecastUsd > budget;
  const range =
    month.forecastLowUsd !== undefined && month.forecastHighUsd !== undefined
      ? `${formatUsd(month.forecastLowUsd)}–${formatUsd(month.forecastHighUsd)}`
      : undefined;
  return (
    <InfoCard
      title="This month"
      subheader={`${formatMonth(month.month)}, so far (UTC)`}
    >
      <Typography variant="h4" component="p" className={classes.monthFigure}>
        {formatUsd(month.costUsd)}
      </Typography>
      {budget !== undefined ? (
        <BudgetProgress
          spentUsd={month.costUsd}
          budgetUsd={budget}
          label="Month to date"
        />
      ) : (
        <Typography variant="body2" className={classes.muted}>
          No monthly budget declared. Set spec.limits.monthlyBudgetUsd in the
          manifest to track spending against one.
        </Typography>
      )}
      <div className={classes.forecast}>
        <Typography variant="body2" className={classes.muted}>
          Month-end forecast
        </Typography>
        <Typography variant="h6" component="p" className={classes.month}>
          {formatUsd(month.forecastUsd)}
        </Typography>
        {range && (
          <Typography variant="body2" className={classes.muted}>
            Likely range {range}
          </Typography>
        )}
        <Typography variant="caption" className={classes.muted} component="p">
          The month so far plus the median daily cost of this month's completed
          days
          {month.medianDailyUsd !== undefined
            ? ` (${formatUsd(month.medianDailyUsd)})`
            : ''}{' '}
          for each day left; the range uses the 25th and 75th percentile day.
          One expensive day does not set the pace.
        </Typography>
        {forecastOver && budget !== undefined && (
          <Typography variant="body2" className={classes.warning}>
            On pace to exceed the budget by{' '}
            {formatUsd(month.forecastUsd - budget)}
          </Typography>
        )}
      </div>
    </InfoCard>
  );
}
