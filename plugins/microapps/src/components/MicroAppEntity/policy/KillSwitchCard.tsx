import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  microAppKillSwitchEngagePermission,
  microAppKillSwitchReleasePermission,
  type KillSwitchState,
} from '@trellis/plugin-microapps-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { microAppsApiRef } from '../../../api';
import { KillSwitchBanner } from '../shared/KillSwitchBanner';
import { ReasonDialog } from '../shared/ReasonDialog';
import { formatDateTime } from '../shared/formatTimes';

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

function LastChange(props: { state: KillSwitchState }) {
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

/** `security or platform stewards`, from the roles that may release any switch. */
function stewardsWhoRelease(state: KillSwitchState): string {
  const roles = state.releaseStewardRoles?.length
    ? state.releaseStewardRoles
    : ['security', 'platform'];
  return `${roles.join(' or ')} steward${roles.length === 1 ? '' : 's'}`;
}

/** Who may turn the switch the other way, and why the viewer may not. */
function whoMayChange(state: KillSwitchState, allowed: boolean): string {
  const stewards = stewardsWhoRelease(state);
  if (!state.enabled) {
    return allowed
      ? ''
      : `Only the app's owners and ${stewards} can turn the kill switch on (permission microapps.killswitch.engage).`;
  }
  if (state.releasableBy === 'stewards') {
    const engager = state.engagedByRole === 'policy' ? 'A policy' : 'A steward';
    return allowed
      ? `${engager} turned it on, so only ${stewards} can turn it off; the app's owners cannot.`
      : `${engager} turned it on, so only ${stewards} can turn it off (permission microapps.killswitch.release).`;
  }
  return allowed
    ? ''
    : `Only the app's owners and ${stewards} can turn the kill switch off (permission microapps.killswitch.release).`;
}

/**
 * The app's kill switch: whether model gateways refuse its calls, and for
 * people allowed to engage or release it a switch that asks for a reason,
 * and for confirmation, before it changes anything. A switch a steward or a
 * policy engaged can be released by stewards only; the card says so.
 */
export function KillSwitchCard(props: { entityRef: string; appTitle: string }) {
  const { entityRef, appTitle } = props;
  const classes = useStyles();
  const api = useApi(microAppsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getKillSwitch(entityRef),
    [api, entityRef],
  );
  // Engage while off, release while on. The part after `#` makes the
  // permission be asked again after each change (it depends on who engaged).
  const permission = usePermission({
    permission: value?.enabled
      ? microAppKillSwitchReleasePermission
      : microAppKillSwitchEngagePermission,
    resourceRef: `${entityRef}#kill-switch@${value?.updatedAt ?? 'never'}`,
  });
  const [target, setTarget] = useState<boolean>(true);
  const [open, setOpen] = useState(false);

  let body: JSX.Element;
  if (loading && !value) {
    body = <Progress />;
  } else if (error && !value) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    body = <></>;
  } else {
    body = (
      <>
        <div className={classes.state}>
          {value.enabled ? (
            <KillSwitchBanner state={value} />
          ) : (
            <>
              <Typography variant="body1" gutterBottom>
                Off: model gateways let this app call its models.
              </Typography>
              <LastChange state={value} />
            </>
          )}
        </div>
        {permission.loading && <Progress />}
        {!permission.loading && permission.allowed && (
          <FormControlLabel
            className={classes.control}
            control={
              <Switch
                checked={value.enabled}
                onChange={() => {
                  setTarget(!value.enabled);
                  setOpen(true);
                }}
                color="secondary"
                inputProps={{ role: 'switch' }}
              />
            }
            label={
              value.enabled
                ? 'Kill switch on: turn it off to let the app run again'
                : 'Kill switch off: turn it on to stop every model call'
            }
          />
        )}
        {!permission.loading && whoMayChange(value, permission.allowed) && (
          <Typography variant="body2" className={classes.muted}>
            {whoMayChange(value, permission.allowed)}
          </Typography>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Kill switch"
      subheader="Model gateways poll it and refuse the app's calls while it is on"
    >
      {body}
      <ReasonDialog
        open={open}
        title={
          target
            ? `Turn the kill switch on for ${appTitle}?`
            : `Turn the kill switch off for ${appTitle}?`
        }
        fieldLabel="Reason"
        fieldHelp="Goes to the audit log and to the app's owners."
        requiredMessage={`A reason is required: say why you turn the kill switch ${
          target ? 'on' : 'off'
        }.`}
        confirmLabel={target ? 'Turn on' : 'Turn off'}
        destructive={target}
        onClose={() => setOpen(false)}
        onSubmit={async reason => {
          await api.setKillSwitch(entityRef, { enabled: target, reason });
          setOpen(false);
          retry();
        }}
      >
        <Typography variant="body2">
          {target
            ? `Model gateways will refuse every call from ${appTitle} until someone turns the kill switch off. Users of the app will see it fail.`
            : `Model gateways will let ${appTitle} call its models again.`}
        </Typography>
      </ReasonDialog>
    </InfoCard>
  );
}
