import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  microAppKillSwitchEngagePermission,
  microAppKillSwitchReleasePermission,
} from '@trellis/plugin-microapps-common';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { microAppsApiRef } from '../../../api';

/**
 * The app's kill switch, whether the viewer may turn it the other way
 * (engage while off, release while on), and who the viewer is (the
 * steward who asked to release it cannot be the second to confirm).
 */
export function useKillSwitch(entityRef: string) {
  const api = useApi(microAppsApiRef);
  const identityApi = useApi(identityApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getKillSwitch(entityRef),
    [api, entityRef],
  );
  const viewer = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );
  // The part after `#` makes the permission be asked again after each
  // change (it depends on who engaged).
  const permission = usePermission({
    permission: value?.enabled
      ? microAppKillSwitchReleasePermission
      : microAppKillSwitchEngagePermission,
    resourceRef: `${entityRef}#kill-switch@${value?.updatedAt ?? 'never'}`,
  });
  return { value, loading, error, retry, permission, viewer: viewer.value };
}
