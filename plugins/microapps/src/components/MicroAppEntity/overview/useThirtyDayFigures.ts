import { useApi } from '@backstage/core-plugin-api';
import type {
  MicroAppEntity,
  ThirtyDayUsage,
} from '@trellis/plugin-microapps-common';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../../api';

/**
 * The app's usage over the last 30 days (cost, requests, cost per request,
 * distinct users, violations), the same figures as its marketplace row.
 * Resolves to undefined while the marketplace index has not listed it.
 */
export function useThirtyDayFigures(entity: MicroAppEntity) {
  const api = useApi(microAppsApiRef);
  const { name, namespace = 'default' } = entity.metadata;
  return useAsync(async (): Promise<ThirtyDayUsage | undefined> => {
    const detail = await api.getApp({ namespace, name });
    return detail.usage30d;
  }, [api, namespace, name]);
}
