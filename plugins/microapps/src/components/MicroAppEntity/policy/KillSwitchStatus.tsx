import { Progress } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { KillSwitchState } from '@trellis/plugin-microapps-common';
import { KillSwitchBanner } from '../shared/KillSwitchBanner';
import { KillSwitchLastChange } from './KillSwitchLastChange';
import { KillSwitchReleaseRequest } from './KillSwitchReleaseRequest';
import { type ReleaseStep, whoMayChange } from './killSwitchPermissions';

const useStyles = makeStyles(theme => ({
  state: {
    marginBottom: theme.spacing(2),
  },
  muted: {
    color: theme.palette.text.secondary,
  },
  control: {
    marginTop: theme.spacing(1),
  },
}));

const SWITCH_LABELS: Record<ReleaseStep, string> = {
  single: 'Kill switch on: turn it off to let the app run again',
  'first-key':
    'Kill switch on: ask to turn it off; a second steward must confirm',
  'second-key': '',
  'requested-by-viewer':
    'Kill switch on: you asked to release it; a second steward must confirm it',
};

/**
 * Whether the switch is on, the switch itself for those allowed to turn it,
 * and who else may. A switch two stewards must release shows the pending
 * request; the steward who made it cannot confirm it.
 */
export function KillSwitchStatus(props: {
  state: KillSwitchState;
  permission: { loading: boolean; allowed: boolean };
  /** The app's `spec.data.classifications`. */
  dataClasses: readonly string[];
  releaseStep: ReleaseStep;
  /** The viewer asked to turn the switch the other way. */
  onToggle(): void;
}) {
  const { state, permission, dataClasses, releaseStep, onToggle } = props;
  const classes = useStyles();
  const mayAct = !permission.loading && permission.allowed;
  return (
    <>
      <div className={classes.state}>
        {state.enabled ? (
          <>
            <KillSwitchBanner state={state} />
            <div className={classes.control}>
              <KillSwitchReleaseRequest
                state={state}
                dataClasses={dataClasses}
              />
            </div>
          </>
        ) : (
          <>
            <Typography variant="body1" gutterBottom>
              Off: model gateways let this app call its models.
            </Typography>
            <KillSwitchLastChange state={state} />
          </>
        )}
      </div>
      {permission.loading && <Progress />}
      {mayAct && releaseStep === 'second-key' && (
        <Button
          className={classes.control}
          variant="contained"
          color="secondary"
          onClick={onToggle}
        >
          Confirm release
        </Button>
      )}
      {mayAct && releaseStep !== 'second-key' && (
        <FormControlLabel
          className={classes.control}
          control={
            <Switch
              checked={state.enabled}
              disabled={releaseStep === 'requested-by-viewer'}
              onChange={onToggle}
              color="secondary"
              inputProps={{ role: 'switch' }}
            />
          }
          label={
            state.enabled
              ? SWITCH_LABELS[releaseStep]
              : 'Kill switch off: turn it on to stop every model call'
          }
        />
      )}
      {!permission.loading && whoMayChange(state, permission.allowed) && (
        <Typography variant="body2" className={classes.muted}>
          {whoMayChange(state, permission.allowed)}
        </Typography>
      )}
    </>
  );
}
