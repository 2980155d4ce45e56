import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { KillSwitchState } from '@trellis/plugin-microapps-common';
import { readableFill } from '../../contrast';
import { formatDateTime } from './formatTimes';

const useStyles = makeStyles(theme => ({
  banner: readableFill(theme, theme.palette.error.main),
}));

/**
 * A red banner that says the app's kill switch is on: since when, by whom
 * and why. Renders nothing while the switch is off.
 */
export function KillSwitchBanner(props: { state: KillSwitchState }) {
  const { state } = props;
  const classes = useStyles();
  if (!state.enabled) return null;
  return (
    <Alert
      severity="error"
      variant="filled"
      role="alert"
      className={classes.banner}
    >
      <AlertTitle>Kill switch is on</AlertTitle>
      Model gateways refuse every call from this app
      {state.updatedAt && <> since {formatDateTime(state.updatedAt)}</>}
      {state.updatedBy && (
        <>
          {' '}
          (turned on by{' '}
          <EntityRefLink
            entityRef={state.updatedBy}
            defaultKind="user"
            color="inherit"
            underline="always"
          />
          {state.engagedByRole === 'steward' && ', a steward'}
          {state.engagedByRole === 'policy' && ', a policy'})
        </>
      )}
      {state.reason ? <>. Reason: {state.reason}</> : '.'}
    </Alert>
  );
}
