import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { todayUtc } from './costPeriods';
import {
  readCostsViewState,
  writeCostsViewState,
  type CostsViewState,
} from './costsSearchParams';

export type SetCostsViewState = (
  next: CostsViewState,
  options?: { replace?: boolean },
) => void;

/** The cost page's grouping and period, read from and written to the URL. */
export function useCostsViewState(): [CostsViewState, SetCostsViewState] {
  const [searchParams, setSearchParams] = useSearchParams();
  const queryString = searchParams.toString();
  const state = useMemo(
    () => readCostsViewState(new URLSearchParams(queryString), todayUtc()),
    [queryString],
  );
  const setState = useCallback<SetCostsViewState>(
    (next, options) => setSearchParams(writeCostsViewState(next), options),
    [setSearchParams],
  );
  return [state, setState];
}
