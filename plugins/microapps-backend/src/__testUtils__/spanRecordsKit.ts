/*
 * What the extractSpanRecords tests extract from: a small model catalog, one
 * registered production app, spans made to order and an extract call over
 * them, as the receiver makes it.
 */
import type { ModelCatalogEntry } from '@trellis/plugin-microapps-common';
import type {
  AttributeValue,
  DecodedTraces,
  OtlpSpan,
} from '../telemetry/receiver/decodeOtlp';
import type { AppFacts } from '../telemetry/ingest/extractionContext';
import { extractSpanRecords } from '../telemetry/ingest/extractSpanRecords';

export const models: ModelCatalogEntry[] = [
  {
    id: 'approved-m',
    provider: 'p',
    status: 'approved',
    hosting: 'enterprise',
    pricing: { inputPer1M: 2, outputPer1M: 8, cachedInputPer1M: 0.5 },
  },
  {
    id: 'restricted-m',
    provider: 'p',
    status: 'restricted',
    hosting: 'public',
    pricing: { inputPer1M: 1, outputPer1M: 1 },
  },
  {
    id: 'prohibited-m',
    provider: 'p',
    status: 'prohibited',
    hosting: 'public',
    pricing: { inputPer1M: 1, outputPer1M: 1 },
  },
];

export const app: AppFacts = {
  entityRef: 'microapp:default/notes',
  lifecycle: 'production',
  models: ['approved-m', 'restricted-m'],
  pii: 'masked',
  monthlyBudgetUsd: 10,
};

let spanCounter = 0;
export function span(
  attributes: Record<string, AttributeValue>,
  events: OtlpSpan['events'] = [],
): OtlpSpan {
  spanCounter += 1;
  return {
    traceId: 'a'.repeat(32),
    spanId: spanCounter.toString(16).padStart(16, '0'),
    name: 'chat',
    startMs: Date.parse('2026-11-02T10:15:00Z'),
    endMs: Date.parse('2026-11-02T10:15:01Z'),
    statusCode: 0,
    attributes: new Map(Object.entries(attributes)),
    events,
  };
}

export function extract(
  resource: Record<string, string>,
  spans: OtlpSpan[],
  context: Partial<Parameters<typeof extractSpanRecords>[1]> = {},
) {
  const decoded: DecodedTraces = {
    resources: [{ resource: new Map(Object.entries(resource)), spans }],
    spanCount: spans.length,
    rejected: [],
  };
  return extractSpanRecords(decoded, {
    findApp: ref => (ref === app.entityRef ? app : undefined),
    models,
    hashUser: id => `hash(${id})`,
    ...context,
  });
}

export const types = (result: ReturnType<typeof extract>) =>
  result.records.flatMap(r => r.violations.map(v => v.type)).sort();
