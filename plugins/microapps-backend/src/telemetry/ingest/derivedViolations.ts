/*
 * The violations Trellis derives by comparing a span with the manifest and
 * the model catalog.
 */

import {
  CONTENT_ATTRIBUTES,
  resolveModel,
} from '@trellis/plugin-microapps-common';
import type { OtlpSpan } from '../receiver/decodeOtlp';
import type { Claim } from './attribution';
import { costMismatch } from './catalogCost';
import type { AppFacts, ExtractionContext } from './extractionContext';
import { text } from './policyFindings';
import type { UsageRecord } from './spanRecords';
import type { SpanViolations } from './spanViolations';

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
 * A self-reported cost the catalog price disagrees with; and, for a
 * registered app, a model the catalog or the app's manifest does not allow.
 */
export function addUsageViolations(
  found: SpanViolations,
  usage: UsageRecord,
  app: AppFacts | undefined,
  context: ExtractionContext,
) {
  const mismatch = costMismatch(usage, context);
  if (mismatch) {
    found.add('cost_mismatch', {
      source: 'derived',
      rule: usage.model,
      detail: mismatch,
    });
  }
  if (!app) return;
  const model = resolveModel(usage.model, context.models);
  if (model.status === 'prohibited') {
    found.add('prohibited_model', {
      source: 'derived',
      rule: usage.model,
      detail: `Model "${usage.model}" is prohibited by the model catalog`,
    });
  }
  if (model.status === 'restricted' && app.lifecycle === 'production') {
    found.add('unapproved_model', {
      source: 'derived',
      rule: usage.model,
      detail: `Restricted model "${usage.model}" used by an app in production`,
    });
  }
  if (!app.models.includes(usage.model)) {
    found.add('undeclared_model', {
      source: 'derived',
      rule: usage.model,
      detail: `Model "${usage.model}" is not in spec.models (${
        app.models.join(', ') || 'none'
      })`,
    });
  }
}

/** Prompt or completion content on a span of an app that does not declare `data.pii: raw`. */
export function addContentViolation(
  found: SpanViolations,
  span: OtlpSpan,
  app: AppFacts | undefined,
) {
  // An attribute key, stored as the rule: bounded and NUL-free like any attribute text.
  const content = text(contentCarriedBy(span));
  if (content && app && app.pii !== 'raw') {
    found.add('pii_unmasked', {
      source: 'derived',
      rule: content,
      detail: `The span carries prompt or completion content (${content}) but the manifest declares data.pii: ${app.pii}; the content was dropped`,
    });
  }
}

/** Spans of an app whose kill switch is on. */
export function addKilledAppActive(
  found: SpanViolations,
  app: AppFacts,
  hour: string,
) {
  // One finding per app and hour while its kill switch is on.
  found.addHourly(
    'killed_app_active',
    app.entityRef,
    hour,
    'Spans arrived while the kill switch is on: a gateway is not enforcing it',
  );
}

/** Spans of an app the catalog does not know. */
export function addUnregisteredApp(
  found: SpanViolations,
  claim: Claim,
  hour: string,
) {
  // One finding per claimed app and hour, not one per span.
  found.addHourly(
    'unregistered_app',
    claim.entityRef ?? '-',
    hour,
    `Spans identified by ${claim.source}, which is not a MicroApp in the catalog`,
  );
}

const CONTENT_KEYS: ReadonlySet<string> = new Set(CONTENT_ATTRIBUTES);

// Asked of every attribute key of every span: a set lookup, not a list scan.
const isContentKey = (key: string) =>
  CONTENT_KEYS.has(key) ||
  key.startsWith('gen_ai.prompt.') ||
  key.startsWith('gen_ai.completion.');

/** The first prompt or completion content attribute or event on the span, if any. */
function contentCarriedBy(span: OtlpSpan): string | undefined {
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
