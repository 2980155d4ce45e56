import {
  TelemetryAttributes as A,
  usdToMicros,
} from '@trellis/plugin-microapps-common';
import type {
  AttributeValue,
  Attributes,
  OtlpSpan,
} from '../receiver/decodeOtlp';
import { MAX_DURATION_MS } from '../latencyHistogram';
import { catalogCostMicros } from './catalogCost';
import type { ExtractionContext } from './extractionContext';
import { text } from './policyFindings';
import type { UsageRecord } from './spanRecords';

/** A span field that cannot be counted: the span alone is rejected. */
export class UsageError extends Error {}

/** A decimal number written plainly: `12`, `0.5`. Not `""`, not ` 1`, not `0x10` or `1e3`. */
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

const MAX_TOKENS = 1e9;
const MAX_COST_USD = 1e5;
const MAX_MODEL_LENGTH = 200;

export function usageOf(
  span: OtlpSpan,
  entityRef: string | null,
  context: ExtractionContext,
): UsageRecord | undefined {
  const attributes = span.attributes;
  const requested = attributes.get(A.requestModel);
  if (requested === undefined && attributes.get(A.operationName) === undefined)
    return undefined;
  const model =
    text(attributes.get(A.responseModel)) ?? text(requested) ?? 'unknown';
  if (model.length >= MAX_MODEL_LENGTH) {
    throw new UsageError(
      `${A.requestModel} must be at most ${MAX_MODEL_LENGTH - 1} characters`,
    );
  }
  const inputTokens = tokenCount(attributes, A.inputTokens);
  const outputTokens = tokenCount(attributes, A.outputTokens);
  // Cached tokens are part of the input tokens (GenAI conventions).
  const cachedInputTokens = Math.min(
    tokenCount(attributes, A.cachedInputTokens),
    inputTokens,
  );
  const reportedCostMicros = reportedCost(attributes);
  // Known models are always priced from the catalog; the span's own figure
  // is kept beside it, and counts only for a model the catalog does not price.
  const catalogMicros = catalogCostMicros(
    model,
    inputTokens,
    outputTokens,
    cachedInputTokens,
    context.models,
  );
  const user = attributes.get(A.endUserId) ?? attributes.get(A.userId);
  const userId = typeof user === 'number' ? String(user) : text(user);
  const hour = hourOf(span.startMs);
  return {
    entityRef: entityRef ?? 'unattributed',
    model,
    hour,
    day: hour.slice(0, 10),
    startMs: span.startMs,
    durationMs: durationOf(span),
    inputTokens,
    outputTokens,
    cachedInputTokens,
    costMicros: catalogMicros ?? reportedCostMicros ?? 0,
    reportedCostMicros,
    error: span.statusCode === 2,
    userHash: userId ? context.hashUser(userId) : undefined,
  };
}

function tokenCount(attributes: Attributes, key: string): number {
  const value: AttributeValue | undefined = attributes.get(key);
  if (value === undefined || value === null) return 0;
  const count =
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (
    typeof count !== 'number' ||
    !Number.isInteger(count) ||
    count < 0 ||
    count > MAX_TOKENS
  ) {
    throw new UsageError(
      `${key} must be a whole number of tokens from 0 to ${MAX_TOKENS}`,
    );
  }
  return count;
}

/** `gen_ai.usage.cost` in whole micro-dollars, if the span has it; strict about what a number is. */
function reportedCost(attributes: Attributes): number | undefined {
  const value = attributes.get(A.costUsd);
  if (value === undefined || value === null) return undefined;
  const cost =
    typeof value === 'string' && PLAIN_DECIMAL.test(value)
      ? Number(value)
      : value;
  if (
    typeof cost !== 'number' ||
    !Number.isFinite(cost) ||
    cost < 0 ||
    cost > MAX_COST_USD
  ) {
    throw new UsageError(
      `${A.costUsd} must be a number of US dollars from 0 to ${MAX_COST_USD}`,
    );
  }
  return usdToMicros(cost);
}

/**
 * The span's duration in ms, if it is one: a negative one (clock skew, or
 * no end time) or one over an hour (a broken clock, a span never ended)
 * stays out of the latency histogram, while the span's usage still counts.
 */
function durationOf(span: OtlpSpan): number | undefined {
  const durationMs = span.endMs - span.startMs;
  return span.endMs > 0 && durationMs >= 0 && durationMs <= MAX_DURATION_MS
    ? durationMs
    : undefined;
}

const HOUR_MS = 3_600_000;
/** The last hour asked for: the spans of a request mostly share one. */
let lastHour = { index: Number.NaN, text: '' };

/** The UTC hour a time falls in, as `YYYY-MM-DDTHH`. */
export function hourOf(ms: number): string {
  const index = Math.floor(ms / HOUR_MS);
  if (index !== lastHour.index) {
    lastHour = {
      index,
      text: new Date(index * HOUR_MS).toISOString().slice(0, 13),
    };
  }
  return lastHour.text;
}
