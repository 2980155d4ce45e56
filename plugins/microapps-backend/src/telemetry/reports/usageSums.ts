import {
  microsToUsd,
  type UsageTotals,
} from '@trellis/plugin-microapps-common';
import type { UsageSums } from '../TelemetryStore';

export const EMPTY_SUMS: UsageSums = {
  costMicros: 0,
  reportedCostMicros: 0,
  requests: 0,
  errors: 0,
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
};

export function addSums(target: UsageSums, more: UsageSums): UsageSums {
  return addInto({ ...target }, more);
}

/** Adds `more` to `target` in place. */
export function addInto(target: UsageSums, more: UsageSums): UsageSums {
  target.costMicros += more.costMicros;
  target.reportedCostMicros += more.reportedCostMicros;
  target.requests += more.requests;
  target.errors += more.errors;
  target.inputTokens += more.inputTokens;
  target.outputTokens += more.outputTokens;
  target.cachedInputTokens += more.cachedInputTokens;
  return target;
}

export const pickSums = (row: UsageSums): UsageSums => ({
  costMicros: row.costMicros,
  reportedCostMicros: row.reportedCostMicros,
  requests: row.requests,
  errors: row.errors,
  inputTokens: row.inputTokens,
  outputTokens: row.outputTokens,
  cachedInputTokens: row.cachedInputTokens,
});

export const totalsOf = (sums: UsageSums): UsageTotals => ({
  costUsd: microsToUsd(sums.costMicros),
  costMicros: sums.costMicros,
  requests: sums.requests,
  inputTokens: sums.inputTokens,
  outputTokens: sums.outputTokens,
  costPerRequestUsd:
    sums.requests > 0 ? microsToUsd(sums.costMicros) / sums.requests : 0,
});

/** Relative change in percent; null when there is nothing to compare with. */
export const changePct = (current: number, previous: number): number | null =>
  previous > 0 ? ((current - previous) * 100) / previous : null;
