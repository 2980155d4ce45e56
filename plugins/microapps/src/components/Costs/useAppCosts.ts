import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../api';
import { PRESET_PERIODS, lastDays, type PresetPeriod } from './costPeriods';

/** `?period=7`; anything else is the default 30 days. */
function readPeriod(params: URLSearchParams): PresetPeriod {
  const value = Number(params.get('period'));
  return PRESET_PERIODS.find(days => days === value) ?? 30;
}

/**
 * The entity's costs over the period chosen in the URL (`period`, left out
 * for the default 30 days), and a way to choose another.
 */
export function useAppCosts() {
  const { entity } = useEntity();
  const api = useApi(microAppsApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const days = readPeriod(searchParams);
  const period = useMemo(() => lastDays(days), [days]);
  const ref = {
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };

  const { value, loading, error } = useAsync(
    () => api.getAppCosts(ref, period),
    [api, ref.namespace, ref.name, period.from, period.to],
  );

  const setDays = (next: PresetPeriod) => {
    const params = new URLSearchParams(searchParams);
    if (next === 30) params.delete('period');
    else params.set('period', String(next));
    setSearchParams(params, { replace: true });
  };

  return { days, setDays, period, value, loading, error };
}
