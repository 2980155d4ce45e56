import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
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
  verdict: {
    marginTop: theme.spacing(2),
  },
  actions: {
    display: 'flex',
    justifyContent: 'flex-end',
    marginTop: theme.spacing(1),
  },
}));

/**
 * What the what-if spec's models mean: an error when one is prohibited (not
 * allowed in the portal, whatever the score), and the model factor's reason,
 * which names unvetted models.
 */
function ModelVerdict(props: { result: RiskResult }) {
  const classes = useStyles();
  const notAllowed = props.result.factors.filter(f => f.notAllowed);
  const models = props.result.factors.find(f => f.factor === 'modelRisk');
  return (
    <div className={classes.verdict}>
      {notAllowed.length > 0 && (
        <Alert severity="error" aria-label="Not allowed">
          <AlertTitle>Not allowed in this portal</AlertTitle>
          {notAllowed.map(f => f.reason).join(' ')}
        </Alert>
      )}
      {models && (
        <Typography variant="body2" color="textSecondary">
          Models: {models.reason}
        </Typography>
      )}
    </div>
  );
}

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
        <>
          <ScoreComparison
            current={current}
            simulated={simulated}
            pending={pending}
          />
          {simulated && <ModelVerdict result={simulated} />}
        </>
      )}

      <div className={classes.actions}>
        <Button size="small" onClick={reset} disabled={!edited}>
          Reset to the manifest
        </Button>
      </div>
    </>
  );
}
