import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import { makeStyles } from '@material-ui/core/styles';
import CheckIcon from '@material-ui/icons/Check';

const useStyles = makeStyles(theme => ({
  legend: {
    marginBottom: theme.spacing(1),
    fontWeight: theme.typography.fontWeightMedium as number,
    // The secondary text colour misses 4.5:1 on the page background, where
    // the incidents page shows its filter.
    color: theme.palette.text.primary,
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.75),
  },
}));

export interface ChipToggleGroupProps<T extends string> {
  label: string;
  values: readonly T[];
  selected: readonly T[];
  onChange(selected: T[]): void;
  /** Display text per value; the value itself when missing. */
  titles?: Partial<Record<T, string>>;
  /** The fewest values that may stay selected. */
  min?: number;
  helperText?: string;
}

/** A labelled group of toggle chips; the selection keeps the order of `values`. */
export function ChipToggleGroup<T extends string>(
  props: ChipToggleGroupProps<T>,
) {
  const { label, values, selected, onChange, titles, min = 0 } = props;
  const classes = useStyles();
  const toggle = (value: T) => {
    const on = selected.includes(value);
    if (on && selected.length <= min) return;
    onChange(values.filter(v => (v === value ? !on : selected.includes(v))));
  };
  return (
    <FormControl component="fieldset">
      <FormLabel component="legend" className={classes.legend}>
        {label}
      </FormLabel>
      <div className={classes.chips}>
        {values.map(value => {
          const on = selected.includes(value);
          return (
            <Chip
              key={value}
              size="small"
              clickable
              label={titles?.[value] ?? value}
              color={on ? 'primary' : 'default'}
              variant={on ? 'default' : 'outlined'}
              icon={on ? <CheckIcon /> : undefined}
              aria-pressed={on}
              onClick={() => toggle(value)}
            />
          );
        })}
      </div>
      {props.helperText && <FormHelperText>{props.helperText}</FormHelperText>}
    </FormControl>
  );
}
