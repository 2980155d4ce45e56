import { makeStyles } from '@material-ui/core/styles';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { PRESET_PERIODS, type PresetPeriod } from './costPeriods';

/** A preset number of days, or a custom from/to. */
export type PeriodChoice = PresetPeriod | 'custom';

const useStyles = makeStyles(theme => ({
  button: {
    textTransform: 'none',
    padding: theme.spacing(0.5, 1.5),
    whiteSpace: 'nowrap',
  },
}));

export interface PeriodPickerProps {
  value: PeriodChoice;
  onChange(value: PeriodChoice): void;
  /** Offer "Custom" (a from/to the caller shows). */
  allowCustom?: boolean;
}

/** Last 7, 30 or 90 days, and optionally a custom period. */
export function PeriodPicker(props: PeriodPickerProps) {
  const { value, onChange, allowCustom } = props;
  const classes = useStyles();
  return (
    <ToggleButtonGroup
      exclusive
      size="small"
      value={value}
      aria-label="Period"
      onChange={(_event, next: PeriodChoice | null) => {
        if (next !== null) onChange(next);
      }}
    >
      {PRESET_PERIODS.map(days => (
        <ToggleButton
          key={days}
          value={days}
          className={classes.button}
          aria-label={`Last ${days} days`}
        >
          {days} days
        </ToggleButton>
      ))}
      {allowCustom && (
        <ToggleButton value="custom" className={classes.button}>
          Custom
        </ToggleButton>
      )}
    </ToggleButtonGroup>
  );
}
