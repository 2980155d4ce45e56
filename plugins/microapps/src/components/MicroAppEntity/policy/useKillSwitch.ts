import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  microAppKillSwitchEngagePermission,
  microAppKillSwitchReleasePermission,
} from '@trellis/plugin-microapps-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { microAppsApiRef } from '../../../api';

/**
 * The app's kill switch, and whether the viewer may turn it the other way:
 * engage while off, release while on.
 */
export function useKillSwitch(entityRef: string) {
  const api = useApi(microAppsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getKillSwitch(entityRef),
    [api, entityRef],
  );
  // The part after `#` makes the permission be asked again after each
  // change (it depends on who engaged).
  const permission = usePermission({
    permission: value?.enabled
      ? microAppKillSwitchReleasePermission
      : microAppKillSwitchEngagePermission,
    resourceRef: `${entityRef}#kill-switch@${value?.updatedAt ?? 'never'}`,
  });
  return { value, loading, error, retry, permission };
}
