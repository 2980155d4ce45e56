import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatPeriod, type DayPeriod, type PresetPeriod } from './costPeriods';
import { PeriodPicker } from './PeriodPicker';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
  },
  // On the app's background (Backstage UI's --bui-bg-app, not the MUI
  // theme's) secondary text falls below 4.5:1.
  period: {
    color: theme.palette.text.primary,
  },
  refreshing: {
    flexBasis: '100%',
    height: 2,
  },
}));

export interface AppCostToolbarProps {
  days: PresetPeriod;
  onDaysChange(days: PresetPeriod): void;
  /** The period whose figures are on screen. */
  shownPeriod: DayPeriod;
  /** A new period is loading while the previous one stays on screen. */
  refreshing: boolean;
}

/** The period picker of a micro-app's costs, with the days it covers. */
export function AppCostToolbar(props: AppCostToolbarProps) {
  const { days, onDaysChange, shownPeriod, refreshing } = props;
  const classes = useStyles();
  return (
    <Grid item xs={12}>
      <div className={classes.toolbar}>
        <PeriodPicker
          value={days}
          onChange={next => next !== 'custom' && onDaysChange(next)}
        />
        <Typography variant="body2" className={classes.period}>
          {formatPeriod(shownPeriod)} (UTC days)
        </Typography>
        {refreshing && (
          <LinearProgress
            className={classes.refreshing}
            aria-label="Loading the new period"
          />
        )}
      </div>
    </Grid>
  );
}
