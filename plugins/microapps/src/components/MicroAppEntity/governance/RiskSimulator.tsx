import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  DATA_CLASSES,
  DEPENDENCY_RISK_LEVELS,
  PII_HANDLING,
  REACH_VALUES,
  type DataClass,
  type DependencyRiskLevel,
  type MicroAppSpec,
  type PiiHandling,
  type Reach,
  type RiskInput,
  type RiskResult,
} from '@trellis/plugin-microapps-common';
import { useId, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { microAppsApiRef } from '../../../api';
import { ChipToggleGroup } from '../shared/ChipToggleGroup';
import { ConnectorsEditor } from './ConnectorsEditor';
import { ModelPicker } from './ModelPicker';
import { ScoreComparison } from './ScoreComparison';
import { capitalize, PII_TITLES, REACH_TITLES } from '../shared/displayNames';
import { responseErrorMessage } from '../shared/responseErrorMessage';
import {
  riskInputOf,
  sameRiskInput,
  scorableRiskInput,
} from './riskInputDraft';

/** Wait this long after the last edit before asking the backend to score. */
export const SIMULATOR_DEBOUNCE_MS = 400;

const useStyles = makeStyles(theme => ({
  intro: {
    marginBottom: theme.spacing(2),
  },
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
  block: {
    marginBottom: theme.spacing(2),
  },
  divider: {
    margin: theme.spacing(2, 0),
  },
  actions: {
    display: 'flex',
    justifyContent: 'flex-end',
    marginTop: theme.spacing(1),
  },
}));

const DEPENDENCY_TITLES: Record<DependencyRiskLevel, string> = {
  minimal: 'Minimal',
  moderate: 'Moderate',
  high: 'High',
};

/**
 * A what-if simulator: edit the risk-relevant parts of the manifest and see
 * the score and tier the backend's risk engine gives them, next to the
 * current ones. Nothing is saved; the manifest stays as it is.
 */
export function RiskSimulator(props: {
  spec: MicroAppSpec;
  current: RiskResult;
}) {
  const { spec, current } = props;
  const classes = useStyles();
  const api = useApi(microAppsApiRef);
  const id = useId();
  const initial = useMemo(() => riskInputOf(spec), [spec]);
  const [draft, setDraft] = useState<RiskInput>(initial);
  const [settled, setSettled] = useState<RiskInput>(initial);
  useDebounce(() => setSettled(draft), SIMULATOR_DEBOUNCE_MS, [draft]);

  const changed = !sameRiskInput(settled, initial);
  const settledKey = JSON.stringify(scorableRiskInput(settled));
  const evaluation = useAsync(
    async () =>
      changed ? api.evaluateRisk(scorableRiskInput(settled)) : undefined,
    [api, settledKey, changed],
  );
  const simulated = changed ? evaluation.value : current;
  const pending = draft !== settled || evaluation.loading;

  const patch = (next: Partial<RiskInput>) => setDraft({ ...draft, ...next });

  return (
    <>
      <Typography
        variant="body2"
        color="textSecondary"
        className={classes.intro}
      >
        Try changes before making them: edit what the manifest declares and see
        how the score and tier would move. Nothing here changes the app; edit
        its catalog-info.yaml to apply a change.
      </Typography>

      <div className={classes.fields}>
        <TextField
          id={`${id}-reach`}
          select
          className={classes.field}
          label="User reach"
          value={draft.reach}
          onChange={event => patch({ reach: event.target.value as Reach })}
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
            patch({
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
            patch({
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
          onChange={models => patch({ models })}
        />
      </div>

      <div className={classes.block}>
        <ChipToggleGroup<DataClass>
          label="Data classifications"
          values={DATA_CLASSES}
          selected={draft.data.classifications}
          titles={Object.fromEntries(
            DATA_CLASSES.map(value => [value, capitalize(value)]),
          )}
          min={1}
          helperText="Every class of data the app touches; at least one."
          onChange={classifications =>
            patch({ data: { ...draft.data, classifications } })
          }
        />
      </div>

      <ConnectorsEditor
        connectors={draft.connectors ?? []}
        onChange={connectors => patch({ connectors })}
      />

      <Divider className={classes.divider} />

      {evaluation.error ? (
        <Alert severity="error">
          This spec could not be scored:{' '}
          {responseErrorMessage(evaluation.error)}
        </Alert>
      ) : (
        <ScoreComparison
          current={current}
          simulated={simulated}
          pending={pending}
        />
      )}

      <div className={classes.actions}>
        <Button
          size="small"
          onClick={() => {
            setDraft(initial);
            setSettled(initial);
          }}
          disabled={sameRiskInput(draft, initial)}
        >
          Reset to the manifest
        </Button>
      </div>
    </>
  );
}
