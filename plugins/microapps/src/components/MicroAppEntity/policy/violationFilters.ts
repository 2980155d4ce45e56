import type {
  ViolationSeverity,
  ViolationType,
} from '@trellis/plugin-microapps-common';
import type { ViolationQuery } from '../../../api';
import { utcDay } from '../shared/formatTimes';

/** Periods offered, in days ending today (UTC). */
export const PERIODS = [7, 30, 90] as const;
export type Period = (typeof PERIODS)[number];

/** What the Policy tab shows. */
export interface ViolationFilterState {
  days: Period;
  types: ViolationType[];
  severities: ViolationSeverity[];
}

export const DEFAULT_VIOLATION_FILTERS: ViolationFilterState = {
  days: 30,
  types: [],
  severities: [],
};

/** Rows per page of the violation table. */
export const VIOLATION_PAGE_SIZE = 20;

/** The first and last UTC day of the period ending today. */
export function periodRange(
  days: Period,
  now: Date = new Date(),
): { from: string; to: string } {
  return { from: utcDay(now, -(days - 1)), to: utcDay(now) };
}

/** The backend query for the filters and a zero-based page. */
export function violationQuery(
  filters: ViolationFilterState,
  page: number,
  range: { from: string; to: string },
): ViolationQuery {
  return {
    ...range,
    type: filters.types.length ? filters.types : undefined,
    severity: filters.severities.length ? filters.severities : undefined,
    limit: VIOLATION_PAGE_SIZE,
    offset: page * VIOLATION_PAGE_SIZE,
  };
}

/** True when a type or severity narrows the results. */
export function narrowsViolations(filters: ViolationFilterState): boolean {
  return filters.types.length > 0 || filters.severities.length > 0;
}
