import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ThirtyDayUsage } from '@trellis/plugin-microapps-common';
import { formatUsd, violationsText } from '../../format';
import { OverviewField } from './OverviewField';
import { readableTextColor } from '../../contrast';
import { formatCount } from './usageSentence';

const useStyles = makeStyles(theme => ({
  muted: {
    color: theme.palette.text.secondary,
  },
  alarming: {
    color: readableTextColor(theme, theme.palette.error.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

/**
 * Cost per request, cost and violations of the last 30 days, as overview
 * fields. Users read in the sentence under "Open app" (usageSentence).
 */
export function ThirtyDayFigures(props: { usage?: ThirtyDayUsage }) {
  const classes = useStyles();
  const value = props.usage;

  if (!value) {
    return (
      <OverviewField label="Last 30 days" wide>
        <span className={classes.muted}>
          The marketplace does not list this app yet; its usage shows here once
          the marketplace index has picked it up.
        </span>
      </OverviewField>
    );
  }
  return (
    <>
      <OverviewField label="Cost per request">
        {value.requests30d > 0 ? formatUsd(value.costPerRequestUsd) : '—'}
      </OverviewField>
      <OverviewField label="Cost, last 30 days">
        {formatUsd(value.cost30dUsd)}{' '}
        <span className={classes.muted}>
          ({formatCount(value.requests30d, 'request', 'requests')})
        </span>
      </OverviewField>
      <OverviewField label="Violations, last 30 days">
        <span
          className={value.violations30d > 0 ? classes.alarming : undefined}
        >
          {violationsText(value.violations30d, value.highViolations30d)}
        </span>
      </OverviewField>
      {value.requests30d === 0 && (
        <OverviewField label="No usage reported" wide>
          <Typography
            variant="body2"
            component="span"
            className={classes.muted}
          >
            No requests in the last 30 days. Apps report usage by exporting
            OpenTelemetry traces to Trellis (see the README).
          </Typography>
        </OverviewField>
      )}
    </>
  );
}
