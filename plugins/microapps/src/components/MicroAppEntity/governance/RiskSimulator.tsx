import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  DATA_CLASSES,
  type DataClass,
  type MicroAppSpec,
  type RiskResult,
} from '@trellis/plugin-microapps-common';
import { ChipToggleGroup } from '../shared/ChipToggleGroup';
import { ConnectorsEditor } from './ConnectorsEditor';
import { RiskInputFields } from './RiskInputFields';
import { ScoreComparison } from './ScoreComparison';
import { useRiskSimulation } from './useRiskSimulation';
import { capitalize } from '../shared/displayNames';
import { responseErrorMessage } from '../shared/responseErrorMessage';

export { SIMULATOR_DEBOUNCE_MS } from './useRiskSimulation';

const useStyles = makeStyles(theme => ({
  intro: {
    marginBottom: theme.spacing(2),
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

/**
 * A what-if simulator: edit the risk-relevant parts of the manifest and see
 * the score and tier the backend's risk engine gives them, next to the
 * current ones. Nothing is saved; the manifest stays as it is.
 */
export function RiskSimulator(props: {
  spec: MicroAppSpec;
  current: RiskResult;
}) {
  const { current } = props;
  const classes = useStyles();
  const { draft, edited, simulated, pending, error, patch, reset } =
    useRiskSimulation(props.spec, current);

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

      <RiskInputFields draft={draft} onChange={patch} />

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

      {error ? (
        <Alert severity="error">
          This spec could not be scored: {responseErrorMessage(error)}
        </Alert>
      ) : (
        <ScoreComparison
          current={current}
          simulated={simulated}
          pending={pending}
        />
      )}

      <div className={classes.actions}>
        <Button size="small" onClick={reset} disabled={!edited}>
          Reset to the manifest
        </Button>
      </div>
    </>
  );
}
