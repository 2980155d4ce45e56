/*
 * A fast-check model of hostile OTLP/HTTP trace exports, for the receiver's
 * robustness test (otlpHostile.test.ts). Valid batches made by the
 * OpenTelemetry SDK (hostileOtlpSeeds.ts) are truncated, byte-edited,
 * retyped and re-tagged; generated bodies (hostileOtlpBodies.ts) add
 * compression bombs, mislabelled encodings, huge values, absurd nesting,
 * unsupported media types and injection strings. Every payload carries what
 * the receiver must answer.
 */
import fc from 'fast-check';
import { DEFAULT_MAX_BODY_BYTES } from '../config';
import {
  INJECTED_AS,
  applyEdits,
  byteEdit,
  compression,
  contentTypes,
  injection,
  injectionPayload,
  logUniform,
  oversized,
  tagPositions,
  unsupportedMedia,
} from './hostileOtlpBodies';
import { deepNesting } from './hostileOtlpNesting';
import {
  HOSTILE_APPS,
  type HostileCategory,
  type HostilePayload,
  INJECTION_STRINGS,
  JSON_TYPE,
  PROTOBUF_TYPE,
  type SeedBatch,
  expectRetyped,
  hostilePayload,
  jsonBody,
  kindOf,
  seedBatches,
} from './hostileOtlpSeeds';

export interface HostileModel {
  /** One hostile payload of any category, weighted by {@link HOSTILE_WEIGHTS}. */
  payload: fc.Arbitrary<HostilePayload>;
  byCategory: Record<HostileCategory, fc.Arbitrary<HostilePayload>>;
  /** Every classic injection string in every place, sent once each. */
  injectionPayloads: HostilePayload[];
  /** The MicroApp whose spans carry injection strings as model and policy rule. */
  injectionApp: string;
  maxBodyBytes: number;
}

/** About how many of every 1,800 payloads are of each category. */
export const HOSTILE_WEIGHTS: Record<HostileCategory, number> = {
  'valid-seed': 30,
  'truncated-protobuf': 250,
  'truncated-json': 180,
  'mutated-protobuf': 350,
  'mutated-json': 150,
  'json-wrong-types': 350,
  'not-a-request': 80,
  'protobuf-wire-types': 100,
  compression: 80,
  oversized: 25,
  'unsupported-media': 60,
  empty: 20,
  duplicates: 25,
  injection: 80,
  'deep-nesting': 20,
};

const bodyOf = (seed: SeedBatch, type: string) =>
  type === JSON_TYPE ? seed.json : seed.protobuf;
const formatOf = (type: string) => (type === JSON_TYPE ? 'json' : 'protobuf');

/** Every path into a JSON tree, the root's included. */
function pathsOf(value: unknown, path: Array<string | number> = []): any[] {
  const children =
    value && typeof value === 'object' ? Object.entries(value) : [];
  const key = (k: string) => (Array.isArray(value) ? Number(k) : k);
  return [path, ...children.flatMap(([k, v]) => pathsOf(v, [...path, key(k)]))];
}
const valueAt = (tree: any, path: Array<string | number>) =>
  path.reduce((node, key) => node?.[key], tree);
/** Numbers and strings that parsers get wrong: overflow, exponents, hex, NaN, near-ids. */
const TRICKY = [
  '',
  'NaN',
  '-5',
  '1e3',
  '0x10',
  '18446744073709551616',
  'a'.repeat(33),
  -1,
  1.5,
  1e308,
];

/** Any value of the seed's JSON tree replaced by one of another kind (or another scalar). */
function retyped(seed: SeedBatch) {
  const tree = JSON.parse(seed.json.toString('utf8'));
  const replacement = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(...TRICKY),
  );
  return fc
    .tuple(fc.constantFrom(...pathsOf(tree)), replacement)
    .filter(([path, value]) => {
      const old = valueAt(tree, path);
      return (
        kindOf(value) !== kindOf(old) ||
        (typeof old !== 'object' && value !== old)
      );
    })
    .map(([path, value]) => {
      const request = path.length ? structuredClone(tree) : value;
      if (path.length) valueAt(request, path.slice(0, -1))[path.at(-1)] = value;
      const shown = JSON.stringify(value)?.slice(0, 60);
      const detail = `${seed.label}: ${
        path.join('.') || 'the request'
      } = ${shown}`;
      const expect = expectRetyped(path, value);
      return hostilePayload(
        'json-wrong-types',
        detail,
        JSON_TYPE,
        jsonBody(request),
        { expect },
      );
    });
}

/** A tag of the seed's protobuf with another wire type: 6 and 7 do not exist; -1 stands for field number 0. */
const retagged = (seed: SeedBatch) =>
  fc
    .tuple(
      fc.constantFrom(...tagPositions(seed.protobuf)),
      fc.integer({ min: -1, max: 7 }),
    )
    .filter(([tag, wireType]) => wireType !== tag.wireType)
    .map(([tag, wireType]) => {
      const body = Buffer.from(seed.protobuf);
      body[tag.offset] = wireType < 0 ? tag.wireType : tag.field * 8 + wireType;
      const what = wireType < 0 ? 'field number 0' : `wire type ${wireType}`;
      const detail = `${seed.label}: field ${tag.field} at ${tag.offset} as ${what}`;
      const expect = wireType < 0 || wireType > 5 ? '4xx' : 'no-5xx';
      return hostilePayload(
        'protobuf-wire-types',
        detail,
        PROTOBUF_TYPE,
        body,
        { expect },
      );
    });

/** The categories that start from the seeds' bytes. */
function fromSeeds(seeds: SeedBatch[]) {
  const seed = fc.constantFrom(...seeds);
  const truncated = (type: string) =>
    seed.chain(s =>
      fc.integer({ min: 1, max: bodyOf(s, type).length - 1 }).map(at => {
        const detail = `${s.label} to ${at} of ${bodyOf(s, type).length} bytes`;
        const category = `truncated-${formatOf(type)}` as const;
        return hostilePayload(
          category,
          detail,
          type,
          bodyOf(s, type).subarray(0, at),
        );
      }),
    );
  const mutated = (type: string) =>
    fc
      .tuple(seed, fc.array(byteEdit, { minLength: 1, maxLength: 3 }))
      .map(([s, edits]) => {
        const [what, body] = applyEdits(bodyOf(s, type), edits);
        return hostilePayload(
          `mutated-${formatOf(type)}`,
          `${s.label}: ${what}`,
          type,
          body,
        );
      });
  return {
    'valid-seed': fc
      .tuple(seed, contentTypes)
      .map(([s, type]) =>
        hostilePayload(
          'valid-seed',
          `${s.label} ${type}`,
          type,
          bodyOf(s, type),
          { expect: 'no-5xx' },
        ),
      ),
    'truncated-protobuf': truncated(PROTOBUF_TYPE),
    'truncated-json': truncated(JSON_TYPE),
    'mutated-protobuf': mutated(PROTOBUF_TYPE),
    'mutated-json': mutated(JSON_TYPE),
    'json-wrong-types': seed.chain(retyped),
    'protobuf-wire-types': seed.chain(retagged),
  };
}

const NOT_JSON = [
  '{',
  "{'resourceSpans':[]}",
  '{resourceSpans:[]}',
  'NaN',
  '{"resourceSpans":[],}',
  '{/* c */}',
  '<?xml version="1.0"?><a/>',
  '{"resourceSpans":[],"resourceSpans":5}',
  '{"resourceSpans":5,"resourceSpans":[]}',
  '{"__proto__":{"resourceSpans":5}}',
];
const NOT_PROTOBUF = [
  [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f],
  [0x08, ...Array(10).fill(0x80), 0x01],
  [0x98, 0x06, 0x01],
  [0x7f, 0x01],
  [0x7c],
  [0x7b, 0x08, 0x01],
  [0x7b, 0x08, 0x01, 0x7c],
  [0x00, 0x01],
];
const EMPTY: Array<[string, string, string | number[]]> = [
  ['no bytes', JSON_TYPE, ''],
  ['no bytes', PROTOBUF_TYPE, ''],
  ['{}', JSON_TYPE, '{}'],
  ['no resource spans', JSON_TYPE, '{"resourceSpans":[]}'],
  ['white space only', JSON_TYPE, ' \n\t\r '],
  ['one empty ResourceSpans', PROTOBUF_TYPE, [0x0a, 0x00]],
  [
    'empty resource and scope',
    PROTOBUF_TYPE,
    [0x0a, 0x04, 0x0a, 0x00, 0x12, 0x00],
  ],
];

/** Bodies that are not a request, or an empty one, or the same spans again. */
function strangeBodies(seeds: SeedBatch[]) {
  const seed = fc.constantFrom(...seeds);
  const other =
    (category: HostileCategory) =>
    (detail: string, type: string, body: Buffer) =>
      hostilePayload(category, `${formatOf(type)}: ${detail}`, type, body);
  const not = other('not-a-request');
  const notARequest = fc.oneof(
    fc
      .constantFrom(...NOT_JSON)
      .map(text => not(text, JSON_TYPE, Buffer.from(text))),
    fc
      .jsonValue()
      .map(value =>
        not(
          `${JSON.stringify(value)?.slice(0, 60)}`,
          JSON_TYPE,
          jsonBody(value),
        ),
      ),
    fc
      .tuple(fc.uint8Array({ maxLength: 4096 }), contentTypes)
      .map(([bytes, type]) =>
        not(`${bytes.length} random bytes`, type, Buffer.from(bytes)),
      ),
    fc
      .tuple(seed, fc.constantFrom(...NOT_PROTOBUF))
      .map(([s, tail]) =>
        not(
          `${s.label} + [${tail}]`,
          PROTOBUF_TYPE,
          Buffer.concat([s.protobuf, Buffer.from(tail)]),
        ),
      ),
    fc
      .tuple(seed, contentTypes)
      .map(([s, type]) =>
        not(
          `${s.label} in the other format`,
          type,
          type === JSON_TYPE ? s.protobuf : s.json,
        ),
      ),
    seed.map(s =>
      not(`${s.label} twice`, JSON_TYPE, Buffer.concat([s.json, s.json])),
    ),
    seed.map(s =>
      not(
        `${s.label} as UTF-16`,
        JSON_TYPE,
        Buffer.from(`\ufeff${s.json}`, 'utf16le'),
      ),
    ),
  );
  const empty = fc.constantFrom(...EMPTY).map(([detail, type, bytes]) =>
    hostilePayload('empty', detail, type, Buffer.from(bytes as string), {
      expect: 'no-5xx',
    }),
  );
  const duplicates = fc
    .tuple(seed, contentTypes, logUniform(1, 1_000))
    .map(([s, type, n]) => {
      const request = JSON.parse(s.json.toString('utf8'));
      const scope = request.resourceSpans[0].scopeSpans[0];
      scope.spans = Array.from({ length: n }, () => scope.spans[0]);
      const body =
        type === JSON_TYPE
          ? jsonBody(request)
          : Buffer.concat(Array(1 + (n % 20)).fill(s.protobuf));
      const detail =
        type === JSON_TYPE
          ? `one span ${n} times`
          : `the batch ${1 + (n % 20)} times over`;
      return hostilePayload('duplicates', `${s.label}: ${detail}`, type, body, {
        expect: 'no-5xx',
      });
    });
  return { 'not-a-request': notARequest, empty, duplicates };
}

/**
 * The model, with seeds made for `nowMs` (span times are a few minutes
 * before it, so that cost reports see them) and bodies sized for the
 * receiver's body limit.
 */
export function hostileOtlpModel(options: {
  nowMs: number;
  maxBodyBytes?: number;
}): HostileModel {
  const { nowMs, maxBodyBytes = DEFAULT_MAX_BODY_BYTES } = options;
  const seeds = seedBatches(nowMs);
  const byCategory: Record<HostileCategory, fc.Arbitrary<HostilePayload>> = {
    ...fromSeeds(seeds),
    ...strangeBodies(seeds),
    compression: compression(seeds, maxBodyBytes),
    oversized: oversized(nowMs, maxBodyBytes),
    'unsupported-media': unsupportedMedia(seeds),
    injection: injection(nowMs),
    'deep-nesting': deepNesting(nowMs),
  };
  const weighted = Object.entries(HOSTILE_WEIGHTS).map(
    ([category, weight]) => ({
      weight,
      arbitrary: byCategory[category as HostileCategory],
    }),
  );
  let counter = 0;
  const fixedIds = () => ({
    traceId: `${++counter}`.padStart(32, 'f'),
    spanId: `${counter}`.padStart(16, 'e'),
  });
  const injectionPayloads = INJECTION_STRINGS.flatMap((text, i) =>
    INJECTED_AS.map((as, j) =>
      injectionPayload(
        nowMs,
        fixedIds(),
        text,
        as,
        (i + j) % 2 ? PROTOBUF_TYPE : JSON_TYPE,
      ),
    ),
  );
  return {
    payload: fc.oneof(...weighted),
    byCategory,
    injectionPayloads,
    injectionApp: HOSTILE_APPS.injection,
    maxBodyBytes,
  };
}
