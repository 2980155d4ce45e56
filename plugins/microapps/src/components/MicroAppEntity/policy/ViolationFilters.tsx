import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import {
  VIOLATION_SEVERITIES,
  VIOLATION_TYPES,
  type ViolationType,
} from '@trellis/plugin-microapps-common';
import { ChipToggleGroup } from '../shared/ChipToggleGroup';
import { SEVERITY_TITLES, VIOLATION_TYPE_TITLES } from '../shared/displayNames';
import {
  DEFAULT_VIOLATION_FILTERS,
  narrowsViolations,
  PERIODS,
  type Period,
  type ViolationFilterState,
} from './violationFilters';
import { useId } from 'react';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2, 3),
  },
  period: {
    flex: '0 1 180px',
    minWidth: 140,
  },
  types: {
    flex: '1 1 240px',
    minWidth: 0,
    maxWidth: 480,
  },
  clear: {
    marginLeft: 'auto',
  },
}));

/** Period, violation types and severities of the Policy tab. */
export function ViolationFilters(props: {
  value: ViolationFilterState;
  onChange(value: ViolationFilterState): void;
}) {
  const { value, onChange } = props;
  const classes = useStyles();
  const id = useId();
  return (
    <section className={classes.root} aria-label="Violation filters">
      <TextField
        id={`${id}-period`}
        select
        className={classes.period}
        label="Period"
        value={value.days}
        onChange={event =>
          onChange({ ...value, days: Number(event.target.value) as Period })
        }
      >
        {PERIODS.map(days => (
          <MenuItem key={days} value={days}>
            Last {days} days
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id={`${id}-types`}
        select
        className={classes.types}
        label="Types"
        value={value.types}
        onChange={event =>
          onChange({
            ...value,
            types: VIOLATION_TYPES.filter(type =>
              (event.target.value as unknown as string[]).includes(type),
            ),
          })
        }
        InputLabelProps={{ shrink: true }}
        SelectProps={{
          multiple: true,
          displayEmpty: true,
          renderValue: selected =>
            (selected as ViolationType[]).length
              ? (selected as ViolationType[])
                  .map(type => VIOLATION_TYPE_TITLES[type])
                  .join(', ')
              : 'All types',
        }}
      >
        {VIOLATION_TYPES.map(type => (
          <MenuItem key={type} value={type} dense>
            <Checkbox
              size="small"
              checked={value.types.includes(type)}
              color="primary"
            />
            <ListItemText primary={VIOLATION_TYPE_TITLES[type]} />
          </MenuItem>
        ))}
      </TextField>
      <ChipToggleGroup
        label="Severity"
        values={VIOLATION_SEVERITIES}
        selected={value.severities}
        titles={SEVERITY_TITLES}
        onChange={severities => onChange({ ...value, severities })}
      />
      <Button
        className={classes.clear}
        size="small"
        color="primary"
        disabled={
          !narrowsViolations(value) &&
          value.days === DEFAULT_VIOLATION_FILTERS.days
        }
        onClick={() => onChange(DEFAULT_VIOLATION_FILTERS)}
      >
        Reset filters
      </Button>
    </section>
  );
}
