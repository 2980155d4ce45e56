import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import { VIOLATION_SEVERITIES } from '@trellis/plugin-microapps-common';
import { useId } from 'react';
import { ChipToggleGroup } from '../shared/ChipToggleGroup';
import { SEVERITY_TITLES } from '../shared/displayNames';
import { PeriodSelect } from './PeriodSelect';
import { ViolationTypesSelect } from './ViolationTypesSelect';
import {
  DEFAULT_VIOLATION_FILTERS,
  narrowsViolations,
  type ViolationFilterState,
} from './violationFilters';

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
      <PeriodSelect
        id={`${id}-period`}
        className={classes.period}
        value={value.days}
        onChange={days => onChange({ ...value, days })}
      />
      <ViolationTypesSelect
        id={`${id}-types`}
        className={classes.types}
        value={value.types}
        onChange={types => onChange({ ...value, types })}
      />
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
