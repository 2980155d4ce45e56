import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { microAppIngestKeyManagePermission } from '@trellis/plugin-microapps-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { microAppsApiRef } from '../../../api';

/**
 * Whether the viewer may manage the app's ingest keys, and the keys, which
 * are only asked for once the permission allows it.
 */
export function useIngestKeys(entityRef: string) {
  const api = useApi(microAppsApiRef);
  const permission = usePermission({
    permission: microAppIngestKeyManagePermission,
    resourceRef: entityRef,
  });
  const keys = useAsyncRetry(
    async () =>
      permission.allowed ? api.listIngestKeys(entityRef) : undefined,
    [api, entityRef, permission.allowed],
  );
  return { permission, keys };
}
