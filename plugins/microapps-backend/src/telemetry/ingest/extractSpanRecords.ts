import { resolveModel } from '@trellis/plugin-microapps-common';
import type { DecodedTraces, OtlpSpan } from '../receiver/decodeOtlp';
import { attribution, type Claim } from './attribution';
import {
  addContentViolation,
  addKilledAppActive,
  addUnregisteredApp,
  addUsageViolations,
} from './derivedViolations';
import {
  type AppFacts,
  type ExtractionContext,
  MAX_VIOLATIONS_PER_REQUEST,
} from './extractionContext';
import { policyFindings } from './policyFindings';
import type { SpanRecord } from './spanRecords';
import { hourOf, UsageError, usageOf } from './spanUsage';
import { SpanViolations } from './spanViolations';

export interface Extraction {
  records: SpanRecord[];
  /** Spans refused for bad usage attributes, with the reason. */
  rejected: string[];
}

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
  // Findings stored once per subject and hour are made once per request too.
  const hourly = new Set<string>();
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
          hourly,
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

/** What Trellis keeps of one span, if anything; throws a UsageError to refuse it. */
function spanRecord(
  span: OtlpSpan,
  claim: Claim,
  app: AppFacts | undefined,
  context: ExtractionContext,
  where: string,
  hourly: Set<string>,
): SpanRecord | undefined {
  refuseIfTooOld(span, context);
  const entityRef = app?.entityRef ?? claim.entityRef ?? null;
  const found = new SpanViolations(span, entityRef);
  addReportedFindings(found, span);
  const usage = usageOf(span, entityRef, context);
  if (usage) addUsageViolations(found, usage, app, context);
  addContentViolation(found, span, app);
  const hour = () => usage?.hour ?? hourOf(span.startMs);
  const firstThisHour = (subject: string) => {
    const key = `${subject}:${hour()}`;
    if (hourly.has(key)) return false;
    hourly.add(key);
    return true;
  };
  if (
    app &&
    context.isKilled?.(app.entityRef) &&
    firstThisHour(`killed:${app.entityRef}`)
  ) {
    addKilledAppActive(found, app, hour());
  }
  if (!usage && found.list.length === 0) return undefined;
  if (!app && firstThisHour(`unregistered:${claim.entityRef ?? '-'}`)) {
    addUnregisteredApp(found, claim, hour());
  }
  const unknownModel =
    usage && !resolveModel(usage.model, context.models).entry
      ? usage.model
      : undefined;
  return {
    spanKey: span.traceId + span.spanId,
    usage,
    violations: found.list,
    where,
    ...(app ? {} : { unregisteredRef: claim.entityRef ?? '-' }),
    ...(unknownModel ? { unknownModel } : {}),
  };
}

function refuseIfTooOld(span: OtlpSpan, context: ExtractionContext) {
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
}

/** The findings the app's own policy engine reported, on the span or its events. */
function addReportedFindings(found: SpanViolations, span: OtlpSpan) {
  for (const attributes of [
    span.attributes,
    ...span.events.map(event => event.attributes),
  ]) {
    for (const finding of policyFindings(attributes)) {
      found.add(finding.type, { ...finding, source: 'reported' });
    }
  }
}
