import {
  microsToUsd,
  type ModelCatalogEntry,
} from '@trellis/plugin-microapps-common';
import type { UsageSums } from '../TelemetryStore';

/** The operations figures of one model's usage that the rollups hold. */
export interface ModelOpsFigures {
  errors: number;
  /** Errors per request, 0 to 1; 0 without requests. */
  errorRate: number;
  cachedInputTokens: number;
  /** Cached input tokens per input token (cached ones included), 0 to 1. */
  cacheHitRate: number;
  /**
   * What the cached input tokens cost less than at the full input price, by
   * the model catalog's prices; absent for a model without a cached price.
   */
  cacheSavingUsd?: number;
}

export function modelOpsFigures(
  model: string,
  sums: UsageSums,
  catalog: readonly ModelCatalogEntry[],
): ModelOpsFigures {
  const pricing = catalog.find(entry => entry.id === model)?.pricing;
  const cachedPrice = pricing?.cachedInputPer1M;
  return {
    errors: sums.errors,
    errorRate: sums.requests > 0 ? sums.errors / sums.requests : 0,
    cachedInputTokens: sums.cachedInputTokens,
    cacheHitRate:
      sums.inputTokens > 0 ? sums.cachedInputTokens / sums.inputTokens : 0,
    ...(pricing && cachedPrice !== undefined
      ? {
          // tokens × USD per million tokens = micro-dollars.
          cacheSavingUsd: microsToUsd(
            Math.round(
              sums.cachedInputTokens * (pricing.inputPer1M - cachedPrice),
            ),
          ),
        }
      : {}),
  };
}
