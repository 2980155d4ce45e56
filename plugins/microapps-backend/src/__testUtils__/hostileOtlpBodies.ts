/*
 * Arbitraries of the hostile OTLP model (hostileOtlpArbitraries.ts) that make
 * bodies rather than edit the seeds' bytes: compressed and mislabelled
 * streams, bombs, huge values, absurd nesting, injection strings, media types
 * and encodings the receiver does not speak.
 */
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { deflateRawSync, deflateSync, gzipSync } from 'zlib';
import { ExportTraceServiceRequest } from '../telemetry/receiver/otlpMessageTypes';
import { otlpFormatOf } from './otlpAnswerChecks';
import {
  HOSTILE_APPS,
  type HostilePayload,
  INJECTION_STRINGS,
  JSON_TYPE,
  MiB,
  PROTOBUF_TYPE,
  type SeedBatch,
  type SpanIds,
  appRequest,
  expectCompressed,
  hostilePayload,
  jsonBody,
  kv,
  protobufBody,
  str,
} from './hostileOtlpSeeds';

export const contentTypes = fc.constantFrom(JSON_TYPE, PROTOBUF_TYPE);
const encode = (type: string, request: unknown) =>
  type === JSON_TYPE ? jsonBody(request) : protobufBody(request);
const gzipIf = (gzip: boolean, body: Buffer) => (gzip ? gzipSync(body) : body);

/** A whole number in [min, max], uniform in its logarithm: small sizes as often as huge ones. */
export const logUniform = (min: number, max: number) =>
  fc
    .double({ min: Math.log2(min), max: Math.log2(max), noNaN: true })
    .map(x => Math.min(max, Math.max(min, Math.round(2 ** x))));

const hex = (bytes: number) =>
  fc
    .uint8Array({ minLength: bytes, maxLength: bytes })
    .map(id => Buffer.from([id[0] | 1, ...id.subarray(1)]).toString('hex'));
/** Fresh trace and span ids: each generated span counts once. */
export const spanIds: fc.Arbitrary<SpanIds> = fc.record({
  traceId: hex(16),
  spanId: hex(8),
});

/**
 * A byte edit: one bit flipped, or `remove` bytes replaced by `insert` (a
 * set byte, an insertion, a deletion, a run of 0xff), at a position taken
 * modulo the body's length.
 */
export const byteEdit = fc.oneof(
  fc.record({ at: fc.nat(), bit: fc.nat(7) }),
  fc.record({
    at: fc.nat(),
    remove: fc.nat(8),
    insert: fc.oneof(
      fc.uint8Array({ maxLength: 4 }),
      fc.integer({ min: 4, max: 32 }).map(n => new Uint8Array(n).fill(0xff)),
    ),
  }),
);
type ByteEdit = typeof byteEdit extends fc.Arbitrary<infer E> ? E : never;

/** The body after `edits`, and what they did. */
export function applyEdits(body: Buffer, edits: ByteEdit[]): [string, Buffer] {
  const done: string[] = [];
  let result = body;
  for (const edit of edits) {
    if (!result.length) break;
    const at = edit.at % result.length;
    const [remove, insert] =
      'bit' in edit
        ? [1, Buffer.from([result[at] ^ (1 << edit.bit)])]
        : [edit.remove, Buffer.from(edit.insert)];
    done.push(`${remove} bytes at ${at} → [${insert.toString('hex')}]`);
    const tail = result.subarray(at + remove);
    result = Buffer.concat([result.subarray(0, at), insert, tail]);
  }
  return [done.join(', ') || 'intact', result];
}

/** Large buffers that depend on nothing generated, made once per process. */
const made = new Map<string, Buffer>();
const once = (key: string, make: () => Buffer) =>
  made.get(key) ?? made.set(key, make()).get(key)!;
/** A valid JSON request of exactly `size` bytes: an empty batch padded with spaces. */
function padded(size: number) {
  const body = Buffer.alloc(size, 0x20);
  body.write('{"resourceSpans":[],"padding":"');
  body.write('"}', size - 2);
  return body;
}
const zeros = () => Buffer.alloc(64 * MiB);
const BOMBS: Array<[string, string, string, () => Buffer]> = [
  ['gzip of 64 MiB of zeros', JSON_TYPE, 'gzip', () => gzipSync(zeros())],
  ['gzip of 64 MiB of zeros', PROTOBUF_TYPE, 'gzip', () => gzipSync(zeros())],
  [
    'gzip of 64 MiB of JSON',
    JSON_TYPE,
    'gzip',
    () => gzipSync(padded(64 * MiB)),
  ],
  [
    'deflate of 64 MiB of zeros',
    JSON_TYPE,
    'deflate',
    () => deflateSync(zeros()),
  ],
];
const CODECS = {
  gzip: gzipSync,
  deflate: deflateSync,
  'raw deflate': deflateRawSync,
  nothing: (body: Buffer) => body,
};
const LABELS = ['gzip', 'x-gzip', 'GZIP', 'deflate', ' Deflate '];

/** Seeds compressed one way and labelled another, perhaps damaged; bombs; bodies at the limit. */
export function compression(seeds: SeedBatch[], maxBodyBytes: number) {
  const codecs = Object.keys(CODECS) as Array<keyof typeof CODECS>;
  const streams = fc
    .record({
      seed: fc.constantFrom(...seeds),
      type: contentTypes,
      codec: fc.constantFrom(...codecs),
      label: fc.constantFrom(...LABELS),
      edits: fc.array(byteEdit, { maxLength: 2 }),
    })
    .map(({ seed, type, codec, label, edits }) => {
      const source = type === JSON_TYPE ? seed.json : seed.protobuf;
      const [what, body] = applyEdits(CODECS[codec](source), edits);
      const detail = `${seed.label} ${type} by ${codec} as "${label}", ${what}`;
      const expect = expectCompressed(body, label, type, maxBodyBytes);
      return hostilePayload('compression', detail, type, body, {
        expect,
        contentEncoding: label,
      });
    });
  const bombs = fc
    .constantFrom(...BOMBS)
    .map(([detail, type, encoding, make]) =>
      hostilePayload(
        'compression',
        `a bomb: ${detail}`,
        type,
        once(detail, make),
        {
          expect: '4xx',
          contentEncoding: encoding,
        },
      ),
    );
  return fc.oneof(
    { weight: 10, arbitrary: streams },
    { weight: 1, arbitrary: bombs },
    { weight: 1, arbitrary: atTheLimit(maxBodyBytes) },
  );
}

/** A valid request a few bytes either side of the body limit, perhaps gzip. */
function atTheLimit(maxBodyBytes: number) {
  return fc
    .tuple(fc.integer({ min: -2, max: 2 }), fc.boolean())
    .map(([delta, gzip]) => {
      const size = maxBodyBytes + delta;
      const body = once(`${size} ${gzip}`, () => gzipIf(gzip, padded(size)));
      const detail = `a request ${delta} bytes from the limit${
        gzip ? ', gzip' : ''
      }`;
      return hostilePayload(
        gzip ? 'compression' : 'oversized',
        detail,
        JSON_TYPE,
        body,
        {
          expect: delta > 0 ? '4xx' : 'no-5xx',
          contentEncoding: gzip ? 'gzip' : undefined,
        },
      );
    });
}

const HUGE_PLACES = ['model', 'service', 'value', 'key', 'rule'] as const;
/** Huge strings where names go, or up to 100,000 attributes. */
export function oversized(nowMs: number, maxBodyBytes: number) {
  const huge = fc
    .record({
      where: fc.constantFrom(...HUGE_PLACES),
      size: logUniform(1_000, 3 * MiB),
      type: contentTypes,
      gzip: fc.boolean(),
      ids: spanIds,
    })
    .map(({ where, size, type, gzip, ids }) => {
      const text = `${where}-${'x'.repeat(size)}`;
      const request = appRequest(nowMs, ids, {
        model: where === 'model' ? text : undefined,
        service: where === 'service' ? text : undefined,
        attributes: {
          model: [],
          service: [],
          value: [kv('gen_ai.input.messages', str(text))],
          key: [kv(text, str('v'))],
          rule: [
            kv('trellis.policy.decision', str('deny')),
            kv('trellis.policy.rule', str(text)),
          ],
        }[where],
      });
      const detail = `a ${where} of ${size} characters, ${type}${
        gzip ? ', gzip' : ''
      }`;
      const plain = encode(type, request);
      const body = gzipIf(gzip, plain);
      return hostilePayload('oversized', detail, type, body, {
        expect: plain.length > maxBodyBytes ? '4xx' : 'no-5xx',
        contentEncoding: gzip ? 'gzip' : undefined,
      });
    });
  const many = fc
    .record({
      count: logUniform(100, 100_000),
      where: fc.constantFrom('resource' as const, 'attributes' as const),
      type: contentTypes,
      ids: spanIds,
    })
    .map(({ count, where, type, ids }) => {
      const attributes = Array.from({ length: count }, (_, i) =>
        kv(`app.attribute.${i}`, i % 2 ? { intValue: String(i) } : str(`${i}`)),
      );
      const request = appRequest(nowMs, ids, { [where]: attributes });
      const detail = `${count} attributes in ${where}, ${type}, gzip`;
      const plain = encode(type, request);
      return hostilePayload('oversized', detail, type, gzipSync(plain), {
        expect: plain.length > maxBodyBytes ? '4xx' : 'no-5xx',
        contentEncoding: 'gzip',
      });
    });
  return fc.oneof(
    { weight: 2, arbitrary: huge },
    { weight: 2, arbitrary: many },
    { weight: 1, arbitrary: atTheLimit(maxBodyBytes) },
  );
}

const MEDIA_TYPES = [
  'text/plain',
  'application/grpc+proto',
  'application/x-ndjson',
  'multipart/form-data; boundary=xyz',
  '*/*',
  ';;;',
  '',
  'Application/JSON; charset=UTF-8',
  'application/protobuf',
];
const ENCODINGS = [
  'br',
  'zstd',
  'gzip, gzip',
  'identity, gzip',
  'gzip;q=1.0',
  '*',
];
const SPOKEN = ['gzip', 'x-gzip', 'deflate', 'identity'];

/** Content-Types and Content-Encodings, listed and generated; a seed as the body. */
export function unsupportedMedia(seeds: SeedBatch[]) {
  const types = fc.oneof(
    fc.constantFrom(...MEDIA_TYPES),
    fc.stringMatching(
      /^[a-z*]{0,12}\/[a-z+.*-]{0,16}(; ?[a-z]{1,8}=[a-z0-9-]{1,9})?$/,
    ),
  );
  const media = fc
    .tuple(types, fc.constantFrom(...seeds))
    .map(([type, seed]) => {
      const body = type.includes('proto') ? seed.protobuf : seed.json;
      const expect = otlpFormatOf(type) ? 'no-5xx' : '4xx';
      return hostilePayload(
        'unsupported-media',
        `Content-Type "${type}"`,
        type,
        body,
        { expect },
      );
    });
  const encodings = fc
    .oneof(
      fc.constantFrom(...ENCODINGS),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/),
    )
    .filter(encoding => !SPOKEN.includes(encoding))
    .map(encoding =>
      hostilePayload(
        'unsupported-media',
        `Content-Encoding "${encoding}"`,
        JSON_TYPE,
        gzipSync(seeds[0].json),
        {
          expect: '4xx',
          contentEncoding: encoding,
        },
      ),
    );
  return fc.oneof(
    { weight: 3, arbitrary: media },
    { weight: 1, arbitrary: encodings },
  );
}

export const INJECTED_AS = [
  'policy rule',
  'model',
  'service.name',
  'attribute key',
] as const;

/** A request with `text` as policy rule, model, service.name or attribute key. */
export function injectionPayload(
  nowMs: number,
  ids: SpanIds,
  text: string,
  as: (typeof INJECTED_AS)[number],
  type: string,
): HostilePayload {
  const policy = [
    kv('trellis.policy.decision', str('deny')),
    kv('trellis.policy.violation', str('prompt_injection')),
    kv('trellis.policy.rule', str(text)),
  ];
  const request = appRequest(nowMs, ids, {
    service: as === 'service.name' ? text : HOSTILE_APPS.injection,
    model: as === 'model' ? text : undefined,
    attributes: {
      'policy rule': policy,
      'attribute key': [kv(text, str(text))],
    }[as as string],
  });
  const detail = `${JSON.stringify(text)} as ${as}, ${type}`;
  return hostilePayload('injection', detail, type, encode(type, request), {
    expect: 'no-5xx',
    injection: { text, as },
  });
}

/** Text that ingest stores as sent, but for NUL and lone surrogates: not blank, not padded, short. */
const injectionText = fc
  .oneof(
    fc.constantFrom(...INJECTION_STRINGS),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
  )
  .filter(text => text.length > 0 && text.trim() === text);

export const injection = (nowMs: number) =>
  fc
    .tuple(
      spanIds,
      injectionText,
      fc.constantFrom(...INJECTED_AS),
      contentTypes,
    )
    .map(([ids, text, as, type]) =>
      injectionPayload(nowMs, ids, text, as, type),
    );

/** Every one-byte tag of a well-formed request, following the schema into nested messages. */
export function tagPositions(body: Buffer) {
  const positions: Array<{ offset: number; field: number; wireType: number }> =
    [];
  const walk = (reader: protobuf.Reader, end: number, type: protobuf.Type) => {
    while (reader.pos < end) {
      const offset = reader.pos;
      const tag = reader.uint32();
      const [field, wireType] = [tag >>> 3, tag & 7];
      const known = type.fieldsById[field]?.resolvedType;
      if (field < 16) positions.push({ offset, field, wireType });
      if (known instanceof protobuf.Type && wireType === 2) {
        const length = reader.uint32();
        walk(reader, reader.pos + length, known);
      } else reader.skipType(wireType);
    }
  };
  ExportTraceServiceRequest.root.resolveAll();
  walk(protobuf.Reader.create(body), body.length, ExportTraceServiceRequest);
  return positions;
}
