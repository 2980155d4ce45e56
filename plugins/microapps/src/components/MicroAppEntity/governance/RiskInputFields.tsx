import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import {
  DEPENDENCY_RISK_LEVELS,
  PII_HANDLING,
  REACH_VALUES,
  type DependencyRiskLevel,
  type PiiHandling,
  type Reach,
  type RiskInput,
} from '@trellis/plugin-microapps-common';
import { useId } from 'react';
import { ModelPicker } from './ModelPicker';
import { PII_TITLES, REACH_TITLES } from '../shared/displayNames';

const useStyles = makeStyles(theme => ({
  fields: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  field: {
    flex: '1 1 180px',
    minWidth: 0,
  },
}));

const DEPENDENCY_TITLES: Record<DependencyRiskLevel, string> = {
  minimal: 'Minimal',
  moderate: 'Moderate',
  high: 'High',
};

/** The what-if spec's user reach, personal data, dependency risk and models. */
export function RiskInputFields(props: {
  draft: RiskInput;
  onChange(patch: Partial<RiskInput>): void;
}) {
  const { draft, onChange } = props;
  const classes = useStyles();
  const id = useId();
  return (
    <div className={classes.fields}>
      <TextField
        id={`${id}-reach`}
        select
        className={classes.field}
        label="User reach"
        value={draft.reach}
        onChange={event => onChange({ reach: event.target.value as Reach })}
      >
        {REACH_VALUES.map(value => (
          <MenuItem key={value} value={value}>
            {REACH_TITLES[value]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id={`${id}-pii`}
        select
        className={classes.field}
        label="Personal data (PII)"
        value={draft.data.pii}
        onChange={event =>
          onChange({
            data: { ...draft.data, pii: event.target.value as PiiHandling },
          })
        }
      >
        {PII_HANDLING.map(value => (
          <MenuItem key={value} value={value}>
            {PII_TITLES[value]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id={`${id}-dependencies`}
        select
        className={classes.field}
        label="Dependency risk"
        value={draft.dependencies.risk}
        onChange={event =>
          onChange({
            dependencies: {
              ...draft.dependencies,
              risk: event.target.value as DependencyRiskLevel,
            },
          })
        }
      >
        {DEPENDENCY_RISK_LEVELS.map(value => (
          <MenuItem key={value} value={value}>
            {DEPENDENCY_TITLES[value]}
          </MenuItem>
        ))}
      </TextField>
      <ModelPicker
        className={classes.field}
        value={draft.models}
        onChange={models => onChange({ models })}
      />
    </div>
  );
}
