import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CONTENT_ATTRIBUTES,
  DEFAULT_VIOLATION_SEVERITY,
  type LifecycleStage,
  MICROAPP_KIND,
  type ModelCatalogEntry,
  type PiiHandling,
  type PolicyDecision,
  resolveModel,
  TelemetryAttributes as A,
  type ViolationSeverity,
  type ViolationType,
  formatMicros,
  usdToMicros,
} from '@trellis/plugin-microapps-common';
import { createHash } from 'crypto';
import type {
  AttributeValue,
  Attributes,
  DecodedTraces,
  OtlpSpan,
} from '../receiver/decodeOtlp';
import { policyFindings, text } from './policyFindings';

/** What ingest needs to know about a registered MicroApp. */
/** A span field that cannot be counted: the span alone is rejected. */
class UsageError extends Error {}

export interface AppFacts {
  entityRef: string;
  lifecycle: LifecycleStage;
  models: readonly string[];
  pii: PiiHandling;
  monthlyBudgetUsd?: number;
}

export interface ExtractionContext {
  /** The registered app for a lower-case entity ref, if any. */
  findApp(entityRef: string): AppFacts | undefined;
  /**
   * For an app key: the app (lower-case entity ref) every span belongs to.
   * A resource that names another app is refused.
   */
  speaksFor?: string;
  /** Whether the app's kill switch is on (lower-case entity ref). */
  isKilled?(entityRef: string): boolean;
  models: readonly ModelCatalogEntry[];
  hashUser(id: string): string;
  /**
   * Spans that started before this time (epoch ms) are refused: their keys
   * may already be forgotten, so a re-sent one could not be recognised.
   */
  oldestStartMs?: number;
  /** Most violations one request may record; spans past it are refused. */
  maxViolations?: number;
  /**
   * How far a self-reported cost may differ from the catalog price, as a
   * fraction of it, before it is a `cost_mismatch` (default 0.05).
   */
  costMismatchTolerance?: number;
}

/** Default of {@link ExtractionContext.costMismatchTolerance}. */
export const COST_MISMATCH_TOLERANCE = 0.05;

/** Default of {@link ExtractionContext.maxViolations}. */
export const MAX_VIOLATIONS_PER_REQUEST = 2_000;

/** Longest entity ref the tables hold, after lower-casing. */
const MAX_ENTITY_REF_LENGTH = 255;

/** One model call, for the hourly and daily rollups. */
export interface UsageRecord {
  entityRef: string;
  model: string;
  /** UTC hour and day of the span's start: `2026-10-01T09`, `2026-10-01`. */
  hour: string;
  day: string;
  /** The span's start, epoch milliseconds. */
  startMs: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** What Trellis charges, in whole micro-dollars: the catalog price for a known model. */
  costMicros: number;
  /** What the span said it cost (`gen_ai.usage.cost`), in micro-dollars, if it said. */
  reportedCostMicros?: number;
  error: boolean;
  userHash?: string;
}

export interface ViolationRecord {
  /** Unique per violation, so that a re-sent span or a repeated finding is stored once. */
  dedupeKey: string;
  entityRef: string | null;
  type: ViolationType;
  severity: ViolationSeverity;
  rule: string | null;
  decision: PolicyDecision | null;
  traceId: string | null;
  spanId: string | null;
  occurredAt: Date;
  detail: string | null;
  source: 'reported' | 'derived';
}

/** Everything Trellis keeps of one span; spans with nothing to keep produce no record. */
export interface SpanRecord {
  /** Trace id + span id, the de-duplication key. */
  spanKey: string;
  usage?: UsageRecord;
  violations: ViolationRecord[];
  /** The app the spans claimed when it is not registered (lower-case ref). */
  unregisteredRef?: string;
  /** The model, when the catalog does not know it. */
  unknownModel?: string;
  /** Where the span is in the request, for a refusal's message. */
  where?: string;
}

export interface Extraction {
  records: SpanRecord[];
  /** Spans refused for bad usage attributes, with the reason. */
  rejected: string[];
}

/**
 * Longest text kept as it is inside a violation's de-duplication key, which
 * must fit a 255-character column beside a prefix and an hour.
 */
const MAX_KEY_PART_LENGTH = 160;

const boundedKeyPart = (part: string) =>
  part.length <= MAX_KEY_PART_LENGTH
    ? part
    : `sha256:${createHash('sha256').update(part).digest('hex')}`;

/** A decimal number written plainly: `12`, `0.5`. Not `""`, not ` 1`, not `0x10` or `1e3`. */
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

const MAX_TOKENS = 1e9;
const MAX_COST_USD = 1e5;
const MAX_MODEL_LENGTH = 200;

/** Span events that carry prompt or completion content in older GenAI conventions. */
const CONTENT_EVENT_NAMES = new Set([
  'gen_ai.content.prompt',
  'gen_ai.content.completion',
  'gen_ai.system.message',
  'gen_ai.user.message',
  'gen_ai.assistant.message',
  'gen_ai.tool.message',
  'gen_ai.choice',
  'gen_ai.client.inference.operation.details',
]);

/**
 * Turns decoded spans into what Trellis stores: usage and cost per model
 * call, the violations the app reported, and the violations Trellis derives
 * by comparing the span with the manifest and the model catalog. Prompt and
 * completion content is only looked at to notice that it is there.
 */
export function extractSpanRecords(
  decoded: DecodedTraces,
  context: ExtractionContext,
): Extraction {
  const records: SpanRecord[] = [];
  const rejected: string[] = [];
  const maxViolations = context.maxViolations ?? MAX_VIOLATIONS_PER_REQUEST;
  let violationCount = 0;
  decoded.resources.forEach((resourceSpans, r) => {
    const claim = attribution(resourceSpans.resource, context);
    if (claim.problem) {
      for (const span of resourceSpans.spans) {
        rejected.push(
          `resourceSpans[${r}] span ${span.spanId}: ${claim.problem}`,
        );
      }
      return;
    }
    const app = claim.entityRef ? context.findApp(claim.entityRef) : undefined;
    for (const span of resourceSpans.spans) {
      try {
        const record = spanRecord(
          span,
          claim,
          app,
          context,
          `resourceSpans[${r}] span ${span.spanId}`,
        );
        if (!record) continue;
        if (violationCount + record.violations.length > maxViolations) {
          throw new UsageError(
            `the request carries more than ${maxViolations} findings; send the rest in another request`,
          );
        }
        violationCount += record.violations.length;
        records.push(record);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        rejected.push(
          `resourceSpans[${r}] span ${span.spanId}: ${error.message}`,
        );
      }
    }
  });
  return { records, rejected };
}

interface Claim {
  /** Lower-case MicroApp ref the spans claim, from `trellis.microapp.ref` or `service.name`. */
  entityRef?: string;
  /** How the claim was made, for the `unregistered_app` detail. */
  source: string;
  /** Why the resource's spans cannot be attributed at all; each is refused. */
  problem?: string;
}

/** Attribution: `trellis.microapp.ref`, else `service.name` as the name in the default namespace. */
export function claimedApp(resource: Attributes): Claim {
  const ref = text(resource.get(A.microAppRef));
  if (ref) {
    try {
      const parsed = parseEntityRef(ref, {
        defaultKind: MICROAPP_KIND,
        defaultNamespace: 'default',
      });
      return withinLength(
        stringifyEntityRef(parsed).toLocaleLowerCase('en-US'),
        `${A.microAppRef} "${ref}"`,
        A.microAppRef,
      );
    } catch {
      return { source: `${A.microAppRef} "${ref}" (not an entity ref)` };
    }
  }
  const serviceName = text(resource.get(A.serviceName));
  if (serviceName) {
    return withinLength(
      `microapp:default/${serviceName.toLocaleLowerCase('en-US')}`,
      `${A.serviceName} "${serviceName}"`,
      A.serviceName,
    );
  }
  return { source: `neither ${A.microAppRef} nor ${A.serviceName}` };
}

/**
 * Whose spans a resource holds. With an app key, the key's app: a resource
 * may name it or nothing, never another app. Otherwise the app it names.
 */
function attribution(resource: Attributes, context: ExtractionContext): Claim {
  const claim = claimedApp(resource);
  const own = context.speaksFor;
  if (!own) return claim;
  if (claim.problem) return claim;
  if (claim.entityRef && claim.entityRef !== own) {
    return {
      source: claim.source,
      problem: `${claim.source} names another app than ${own}, which this ingest key speaks for`,
    };
  }
  if (!context.findApp(own)) {
    return {
      source: 'the ingest key',
      problem: `${own}, which this ingest key speaks for, is not a MicroApp in the catalog`,
    };
  }
  return { entityRef: own, source: 'the ingest key' };
}

/**
 * A claim whose entity ref, as stored (lower-cased, which can make text
 * longer: `İ` becomes two characters), fits the tables; else a problem that
 * refuses the resource's spans, naming the attribute.
 */
function withinLength(
  entityRef: string,
  source: string,
  attribute: string,
): Claim {
  if (entityRef.length > MAX_ENTITY_REF_LENGTH) {
    return {
      source,
      problem: `${attribute} makes an entity ref of ${entityRef.length} characters once lower-cased; at most ${MAX_ENTITY_REF_LENGTH}`,
    };
  }
  return { entityRef, source };
}

function spanRecord(
  span: OtlpSpan,
  claim: Claim,
  app: AppFacts | undefined,
  context: ExtractionContext,
  where: string,
): SpanRecord | undefined {
  const spanKey = span.traceId + span.spanId;
  if (
    context.oldestStartMs !== undefined &&
    span.startMs < context.oldestStartMs
  ) {
    throw new UsageError(
      `startTimeUnixNano is before ${new Date(
        context.oldestStartMs,
      ).toISOString()}: spans older than the span-key window are refused, so that a re-sent one is never counted twice`,
    );
  }
  const occurredAt = new Date(span.startMs);
  const violations: ViolationRecord[] = [];
  // One violation per type per span, however many events report it.
  const types = new Set<ViolationType>();
  const entityRef = app?.entityRef ?? claim.entityRef ?? null;
  const violation = (
    type: ViolationType,
    fields: Partial<
      Pick<ViolationRecord, 'rule' | 'decision' | 'severity' | 'detail'>
    > & {
      source: ViolationRecord['source'];
    },
  ) => {
    if (types.has(type)) return;
    types.add(type);
    const rule = fields.rule ?? null;
    violations.push({
      dedupeKey: `${spanKey}:${type}`,
      entityRef,
      type,
      severity: fields.severity ?? DEFAULT_VIOLATION_SEVERITY[type],
      rule,
      decision: fields.decision ?? null,
      traceId: span.traceId,
      spanId: span.spanId,
      occurredAt,
      detail: fields.detail ?? null,
      source: fields.source,
    });
  };

  for (const attributes of [
    span.attributes,
    ...span.events.map(event => event.attributes),
  ]) {
    for (const finding of policyFindings(attributes)) {
      violation(finding.type, { ...finding, source: 'reported' });
    }
  }

  const usage = usageOf(span, entityRef, context);
  const mismatch = usage && costMismatch(usage, context);
  if (mismatch) {
    violation('cost_mismatch', {
      source: 'derived',
      rule: usage.model,
      detail: mismatch,
    });
  }
  if (usage && app) {
    const model = resolveModel(usage.model, context.models);
    if (model.status === 'prohibited') {
      violation('prohibited_model', {
        source: 'derived',
        rule: usage.model,
        detail: `Model "${usage.model}" is prohibited by the model catalog`,
      });
    }
    if (model.status === 'restricted' && app.lifecycle === 'production') {
      violation('unapproved_model', {
        source: 'derived',
        rule: usage.model,
        detail: `Restricted model "${usage.model}" used by an app in production`,
      });
    }
    if (!app.models.includes(usage.model)) {
      violation('undeclared_model', {
        source: 'derived',
        rule: usage.model,
        detail: `Model "${usage.model}" is not in spec.models (${
          app.models.join(', ') || 'none'
        })`,
      });
    }
  }
  // An attribute key, stored as the rule: bounded and NUL-free like any attribute text.
  const content = text(contentCarriedBy(span));
  if (content && app && app.pii !== 'raw') {
    violation('pii_unmasked', {
      source: 'derived',
      rule: content,
      detail: `The span carries prompt or completion content (${content}) but the manifest declares data.pii: ${app.pii}; the content was dropped`,
    });
  }

  if (app && context.isKilled?.(app.entityRef)) {
    const hour = usage?.hour ?? hourOf(span.startMs);
    violations.push({
      // One finding per app and hour while its kill switch is on.
      dedupeKey: `killed_app_active:${boundedKeyPart(app.entityRef)}:${hour}`,
      entityRef,
      type: 'killed_app_active',
      severity: DEFAULT_VIOLATION_SEVERITY.killed_app_active,
      rule: null,
      decision: null,
      traceId: span.traceId,
      spanId: span.spanId,
      occurredAt,
      detail:
        'Spans arrived while the kill switch is on: a gateway is not enforcing it',
      source: 'derived',
    });
  }
  if (!usage && violations.length === 0) return undefined;
  if (!app) {
    const hour = usage?.hour ?? hourOf(span.startMs);
    violations.push({
      // One finding per claimed app and hour, not one per span.
      dedupeKey: `unregistered_app:${boundedKeyPart(
        claim.entityRef ?? '-',
      )}:${hour}`,
      entityRef,
      type: 'unregistered_app',
      severity: DEFAULT_VIOLATION_SEVERITY.unregistered_app,
      rule: null,
      decision: null,
      traceId: span.traceId,
      spanId: span.spanId,
      occurredAt,
      detail: `Spans identified by ${claim.source}, which is not a MicroApp in the catalog`,
      source: 'derived',
    });
  }
  const unknownModel =
    usage && !resolveModel(usage.model, context.models).entry
      ? usage.model
      : undefined;
  return {
    spanKey,
    usage,
    violations,
    where,
    ...(app ? {} : { unregisteredRef: claim.entityRef ?? '-' }),
    ...(unknownModel ? { unknownModel } : {}),
  };
}

function usageOf(
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
function costMismatch(
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

/** The first prompt or completion content attribute or event on the span, if any. */
function contentCarriedBy(span: OtlpSpan): string | undefined {
  const isContentKey = (key: string) =>
    (CONTENT_ATTRIBUTES as readonly string[]).includes(key) ||
    key.startsWith('gen_ai.prompt.') ||
    key.startsWith('gen_ai.completion.');
  for (const key of span.attributes.keys()) {
    if (isContentKey(key)) return key;
  }
  for (const event of span.events) {
    if (CONTENT_EVENT_NAMES.has(event.name)) return `event ${event.name}`;
    for (const key of event.attributes.keys()) {
      if (isContentKey(key)) return key;
    }
  }
  return undefined;
}

export function hourOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13);
}
