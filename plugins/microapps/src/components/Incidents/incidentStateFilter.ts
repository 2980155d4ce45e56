import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { IncidentState } from '../../api';

export const INCIDENT_STATES: readonly IncidentState[] = [
  'open',
  'mitigated',
  'closed',
];

/** What stewards look at first: the incidents not yet closed. */
export const DEFAULT_STATES: readonly IncidentState[] = ['open', 'mitigated'];

/** The states asked for in `?state=`, in their usual order; the default when none are. */
export function readStates(params: URLSearchParams): IncidentState[] {
  const asked = params.getAll('state');
  const states = INCIDENT_STATES.filter(state => asked.includes(state));
  return states.length ? states : [...DEFAULT_STATES];
}

/** The incident list's state filter, kept in the URL (`?state=closed`). */
export function useIncidentStateFilter(): [
  IncidentState[],
  (states: IncidentState[]) => void,
] {
  const [searchParams, setSearchParams] = useSearchParams();
  const queryString = searchParams.toString();
  const states = useMemo(
    () => readStates(new URLSearchParams(queryString)),
    [queryString],
  );
  const setStates = useCallback(
    (next: IncidentState[]) => {
      const params = new URLSearchParams(queryString);
      params.delete('state');
      const isDefault =
        next.length === DEFAULT_STATES.length &&
        DEFAULT_STATES.every(state => next.includes(state));
      if (!isDefault) next.forEach(state => params.append('state', state));
      setSearchParams(params, { replace: true });
    },
    [queryString, setSearchParams],
  );
  return [states, setStates];
}
