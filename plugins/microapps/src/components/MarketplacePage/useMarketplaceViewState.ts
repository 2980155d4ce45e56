import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  readViewState,
  writeViewState,
  type MarketplaceViewState,
} from './marketplaceSearchParams';

type NavigateOptions = { replace?: boolean };

/** The marketplace's view state, read from and written to the URL. */
export function useMarketplaceViewState() {
  const [searchParams, setSearchParams] = useSearchParams();
  const queryString = searchParams.toString();
  const state = useMemo(
    () => readViewState(new URLSearchParams(queryString)),
    [queryString],
  );

  const setState = useCallback(
    (next: MarketplaceViewState, options?: NavigateOptions) => {
      setSearchParams(writeViewState(next), options);
    },
    [setSearchParams],
  );
  /** A filter change starts again on the first page. */
  const setFilters = useCallback(
    (patch: Partial<MarketplaceViewState>, options?: NavigateOptions) =>
      setState({ ...state, ...patch, page: 0 }, options),
    [setState, state],
  );

  return { state, setState, setFilters };
}
