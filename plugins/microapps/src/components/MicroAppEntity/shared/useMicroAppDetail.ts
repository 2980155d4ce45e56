import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { microAppsApiRef } from '../../../api';

/**
 * Risk explanation, badge states, gates and kill switch of one MicroApp.
 * `retry()` reloads it; the previous value stays available meanwhile, so a
 * refresh after a grant does not blank the page.
 */
export function useMicroAppDetail(entityRef: string) {
  const api = useApi(microAppsApiRef);
  return useAsyncRetry(() => api.getApp(entityRef), [api, entityRef]);
}
