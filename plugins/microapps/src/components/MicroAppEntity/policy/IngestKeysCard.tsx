import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { IngestKeySummary } from '@trellis/plugin-microapps-common';
import { useId, useState } from 'react';
import { microAppsApiRef } from '../../../api';
import { IngestKeysTable } from './IngestKeysTable';
import { NewIngestKeyDialog } from './NewIngestKeyDialog';
import { NewIngestKeyForm } from './NewIngestKeyForm';
import { RevokeIngestKeyDialog } from './RevokeIngestKeyDialog';
import { useCreateIngestKey } from './useCreateIngestKey';
import { useIngestKeys } from './useIngestKeys';

export { otelEnvironment } from './otelEnvironment';

/**
 * The app's ingest keys, for its owners and platform stewards
 * (`microapps.ingestkey.manage`): create one (shown once, with the
 * environment lines to paste), see when each was last used, revoke one. The
 * card is left out for everyone else.
 */
export function IngestKeysCard(props: { entityRef: string }) {
  const { entityRef } = props;
  const api = useApi(microAppsApiRef);
  const { permission, keys } = useIngestKeys(entityRef);
  const creation = useCreateIngestKey(entityRef, keys.retry);
  const [revoking, setRevoking] = useState<IngestKeySummary>();
  const nameFieldId = useId();

  if (permission.loading) return null;
  if (!permission.allowed) return null;

  const revoke = async () => {
    if (revoking) await api.revokeIngestKey(entityRef, revoking.id);
    setRevoking(undefined);
    keys.retry();
  };

  return (
    <InfoCard
      title="Ingest keys"
      subheader="What the app sends its OpenTelemetry traces with; each key speaks for this app only"
    >
      {keys.loading && !keys.value && <Progress />}
      {keys.error && <ResponseErrorPanel error={keys.error} />}
      {keys.value && (
        <IngestKeysTable keys={keys.value} onRevoke={key => setRevoking(key)} />
      )}
      <NewIngestKeyForm
        id={nameFieldId}
        name={creation.name}
        problem={creation.problem}
        onNameChange={creation.setName}
        onCreate={creation.create}
      />
      <NewIngestKeyDialog
        created={creation.created}
        environment={creation.environment}
        onClose={creation.dismiss}
      />
      <RevokeIngestKeyDialog
        ingestKey={revoking}
        onCancel={() => setRevoking(undefined)}
        onConfirm={revoke}
      />
    </InfoCard>
  );
}
