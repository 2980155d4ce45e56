import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The query parameter that names the incident shown: `?incident=12`. */
export const INCIDENT_PARAM = 'incident';

/** A positive integer id from the query string, or undefined. */
export function readIncidentId(value: string | null): number | undefined {
  if (!value || !/^[1-9]\d{0,15}$/.test(value)) return undefined;
  return Number(value);
}

/**
 * The incident the page shows, kept in the URL (`?incident=<id>`) so that a
 * link from the stewards' list opens it and a reload keeps it open.
 */
export function useSelectedIncident(): [
  number | undefined,
  (id: number | undefined) => void,
] {
  const [searchParams, setSearchParams] = useSearchParams();
  const queryString = searchParams.toString();
  const selected = readIncidentId(searchParams.get(INCIDENT_PARAM));
  const select = useCallback(
    (id: number | undefined) => {
      const next = new URLSearchParams(queryString);
      if (id === undefined) next.delete(INCIDENT_PARAM);
      else next.set(INCIDENT_PARAM, String(id));
      setSearchParams(next);
    },
    [queryString, setSearchParams],
  );
  return [selected, select];
}
