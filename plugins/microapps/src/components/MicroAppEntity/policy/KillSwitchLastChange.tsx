import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { KillSwitchState } from '@trellis/plugin-microapps-common';
import { formatDateTime } from '../shared/formatTimes';

const useStyles = makeStyles(theme => ({
  muted: {
    color: theme.palette.text.secondary,
  },
}));

/** When, by whom and why the switch was last turned off, if ever. */
export function KillSwitchLastChange(props: { state: KillSwitchState }) {
  const { state } = props;
  const classes = useStyles();
  if (!state.updatedAt) {
    return (
      <Typography variant="body2" className={classes.muted}>
        The kill switch has never been used for this app.
      </Typography>
    );
  }
  return (
    <Typography variant="body2" className={classes.muted}>
      Last turned off {formatDateTime(state.updatedAt)}
      {state.updatedBy && (
        <>
          {' by '}
          <EntityRefLink entityRef={state.updatedBy} defaultKind="user" />
        </>
      )}
      {state.reason && <>: “{state.reason}”</>}
    </Typography>
  );
}
