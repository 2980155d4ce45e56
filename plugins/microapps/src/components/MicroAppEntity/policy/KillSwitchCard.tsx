import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useState } from 'react';
import { microAppsApiRef } from '../../../api';
import { KillSwitchDialog } from './KillSwitchDialog';
import { KillSwitchStatus } from './KillSwitchStatus';
import { releaseStepOf } from './killSwitchPermissions';
import { useKillSwitch } from './useKillSwitch';

/**
 * The app's kill switch: whether model gateways refuse its calls, and for
 * people allowed to engage or release it a switch that asks for a reason,
 * and for confirmation, before it changes anything. A switch a steward or a
 * policy engaged can be released by stewards only; the card says so. A
 * policy's switch on confidential or regulated data takes two stewards: the
 * first asks, the second confirms.
 */
export function KillSwitchCard(props: {
  entityRef: string;
  appTitle: string;
  /** The app's `spec.data.classifications`. */
  dataClasses?: readonly string[];
}) {
  const { entityRef, appTitle, dataClasses = [] } = props;
  const api = useApi(microAppsApiRef);
  const { value, loading, error, retry, permission, viewer } =
    useKillSwitch(entityRef);
  const releaseStep = value ? releaseStepOf(value, viewer) : 'single';
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
      <KillSwitchStatus
        state={value}
        permission={permission}
        dataClasses={dataClasses}
        releaseStep={releaseStep}
        onToggle={() => {
          setTarget(!value.enabled);
          setOpen(true);
        }}
      />
    );
  }

  return (
    <InfoCard
      title="Kill switch"
      subheader="Model gateways poll it and refuse the app's calls while it is on"
    >
      {body}
      <KillSwitchDialog
        open={open}
        target={target}
        releaseStep={target ? 'single' : releaseStep}
        appTitle={appTitle}
        onClose={() => setOpen(false)}
        onSubmit={async reason => {
          // A first steward's release answers 202 with the switch still on;
          // reading it again shows the pending request.
          await api.setKillSwitch(entityRef, { enabled: target, reason });
          setOpen(false);
          retry();
        }}
      />
    </InfoCard>
  );
}
