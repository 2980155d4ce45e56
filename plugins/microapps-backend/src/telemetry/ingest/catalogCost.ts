import {
  formatMicros,
  type ModelCatalogEntry,
  resolveModel,
} from '@trellis/plugin-microapps-common';
import {
  COST_MISMATCH_TOLERANCE,
  type ExtractionContext,
} from './extractionContext';
import type { UsageRecord } from './spanRecords';

/**
 * Cost at catalog prices, in whole micro-dollars (rounded per call); none
 * for a model the catalog does not price. A price per million tokens in
 * dollars is a price per token in micro-dollars.
 */
export function catalogCostMicros(
  model: string,
  inputTokens: number,
  outputTokens: number,
  cachedInputTokens: number,
  catalog: readonly ModelCatalogEntry[],
): number | undefined {
  const pricing = resolveModel(model, catalog).entry?.pricing;
  if (!pricing) return undefined;
  const cachedPrice = pricing.cachedInputPer1M ?? pricing.inputPer1M;
  return Math.round(
    (inputTokens - cachedInputTokens) * pricing.inputPer1M +
      cachedInputTokens * cachedPrice +
      outputTokens * pricing.outputPer1M,
  );
}

/**
 * Why a self-reported cost disagrees with the catalog price beyond the
 * tolerance (and one micro-dollar of rounding), if it does.
 */
export function costMismatch(
  usage: UsageRecord,
  context: ExtractionContext,
): string | undefined {
  const reported = usage.reportedCostMicros;
  if (reported === undefined) return undefined;
  const priced = catalogCostMicros(
    usage.model,
    usage.inputTokens,
    usage.outputTokens,
    usage.cachedInputTokens,
    context.models,
  );
  if (priced === undefined) return undefined;
  const tolerance = context.costMismatchTolerance ?? COST_MISMATCH_TOLERANCE;
  if (Math.abs(reported - priced) <= priced * tolerance + 1) return undefined;
  return `The span reported $${formatMicros(reported)} for model "${
    usage.model
  }"; the catalog prices its tokens at $${formatMicros(
    priced,
  )}. Trellis counts the catalog price.`;
}
