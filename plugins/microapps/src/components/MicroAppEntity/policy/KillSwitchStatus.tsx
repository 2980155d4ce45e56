import { Progress } from '@backstage/core-components';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { KillSwitchState } from '@trellis/plugin-microapps-common';
import { KillSwitchBanner } from '../shared/KillSwitchBanner';
import { KillSwitchLastChange } from './KillSwitchLastChange';
import { whoMayChange } from './killSwitchPermissions';

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

/**
 * Whether the switch is on, the switch itself for those allowed to turn it,
 * and who else may.
 */
export function KillSwitchStatus(props: {
  state: KillSwitchState;
  permission: { loading: boolean; allowed: boolean };
  /** The viewer asked to turn the switch the other way. */
  onToggle(): void;
}) {
  const { state, permission, onToggle } = props;
  const classes = useStyles();
  return (
    <>
      <div className={classes.state}>
        {state.enabled ? (
          <KillSwitchBanner state={state} />
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
      {!permission.loading && permission.allowed && (
        <FormControlLabel
          className={classes.control}
          control={
            <Switch
              checked={state.enabled}
              onChange={onToggle}
              color="secondary"
              inputProps={{ role: 'switch' }}
            />
          }
          label={
            state.enabled
              ? 'Kill switch on: turn it off to let the app run again'
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
