import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../api';
import { periodProblem, type CostsViewState } from './costsSearchParams';

/**
 * The cost report of the view's grouping, period and team; a custom period that
 * cannot be asked for is not, and comes back as the problem to show.
 */
export function useCostReport(state: CostsViewState) {
  const api = useApi(microAppsApiRef);
  const problem = state.period === 'custom' ? periodProblem(state) : undefined;
  const { value, loading, error } = useAsync(async () => {
    if (problem) return undefined;
    return api.getCostReport(state.groupBy, {
      from: state.from,
      to: state.to,
      owner: state.owner,
    });
  }, [api, state.groupBy, state.from, state.to, state.owner, problem]);
  return { problem, value, loading, error };
}
