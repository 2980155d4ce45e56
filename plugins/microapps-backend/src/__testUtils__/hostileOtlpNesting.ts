/*
 * Absurdly nested OTLP payloads for the hostile OTLP model
 * (hostileOtlpArbitraries.ts): AnyValues nested up to 100,000 deep in JSON
 * and 40,000 deep in protobuf, and a request's structure nested as deep.
 */
import fc from 'fast-check';
import { ExportTraceServiceRequest } from '../telemetry/receiver/otlpMessageTypes';
import { logUniform, spanIds } from './hostileOtlpBodies';
import {
  JSON_TYPE,
  PROTOBUF_TYPE,
  appRequest,
  hostilePayload,
  kv,
  protobufBody,
} from './hostileOtlpSeeds';

function varint(value: number): Buffer {
  const bytes: number[] = [];
  for (let v = value; ; v = Math.floor(v / 128)) {
    if (v <= 127) return Buffer.from([...bytes, v]);
    bytes.push(v % 128 | 128);
  }
}
/** A length-delimited field. */
const field = (number: number, payload: Buffer) =>
  Buffer.concat([varint(number * 8 + 2), varint(payload.length), payload]);

/**
 * An AnyValue nested `depth` deep, built inside out: every level is a prefix
 * of the one below. kvlist_value (6) = KeyValueList { values (1) = KeyValue {
 * key (1) = "k", value (2) } }; array_value (5) = ArrayValue { values (1) }.
 */
function protobufNest(depth: number, kvlist: boolean): Buffer {
  const bottom = field(1, Buffer.from('bottom')); // string_value
  const prefixes: Buffer[] = [];
  let size = bottom.length;
  const level = (tag: number, head: number[], inner: number) =>
    Buffer.concat([Buffer.from([...head, tag]), varint(inner)]);
  for (let i = 0; i < depth; i++) {
    let prefix = level(0x0a, [], size); // values (1)
    if (kvlist) {
      const keyValue = level(0x12, [0x0a, 0x01, 0x6b], size); // key "k", value (2)
      prefix = Buffer.concat([
        level(0x0a, [], keyValue.length + size),
        keyValue,
      ]);
    }
    prefix = Buffer.concat([
      level(kvlist ? 0x32 : 0x2a, [], prefix.length + size),
      prefix,
    ]);
    prefixes.push(prefix);
    size += prefix.length;
  }
  return Buffer.concat([...prefixes.reverse(), bottom]);
}

/** A request of one span whose last attribute, `app.deep`, is `value` (encoded AnyValue bytes). */
function withProtobufValue(request: unknown, value: Buffer): Buffer {
  const decoded = ExportTraceServiceRequest.decode(
    protobufBody(request),
  ) as any;
  const encode = (name: string, message: {}) =>
    Buffer.from(
      ExportTraceServiceRequest.root
        .lookupType(`opentelemetry.proto.collector.trace.v1.${name}`)
        .encode(message)
        .finish(),
    );
  const deep = field(
    9,
    Buffer.concat([field(1, Buffer.from('app.deep')), field(2, value)]),
  );
  const span = Buffer.concat([
    encode('Span', decoded.resourceSpans[0].scopeSpans[0].spans[0]),
    deep,
  ]);
  const resource = encode('Resource', decoded.resourceSpans[0].resource);
  return field(
    1,
    Buffer.concat([field(1, resource), field(2, field(2, span))]),
  );
}

const SHAPES = {
  arrayValue: ['{"arrayValue":{"values":[', ']}}'],
  kvlistValue: ['{"kvlistValue":{"values":[{"key":"k","value":', '}]}}'],
};
type Shape = keyof typeof SHAPES;

/** AnyValues nested deep, in a span or resource attribute; the structure itself nested deep. */
export function deepNesting(nowMs: number) {
  const json = fc
    .record({
      shape: fc.constantFrom(...(Object.keys(SHAPES) as Shape[])),
      depth: logUniform(2, 100_000),
      where: fc.constantFrom('resource' as const, 'attributes' as const),
      ids: spanIds,
    })
    .map(({ shape, depth, where, ids }) => {
      const request = appRequest(nowMs, ids, {
        [where]: [kv('app.deep', '@@')],
      });
      const [open, close] = SHAPES[shape];
      const deep = `${open.repeat(depth)}{"stringValue":"bottom"}${close.repeat(
        depth,
      )}`;
      const body = Buffer.from(JSON.stringify(request).replace('"@@"', deep));
      const detail = `${shape} ${depth} deep in ${where}, JSON`;
      return hostilePayload('deep-nesting', detail, JSON_TYPE, body, {
        expect: 'no-5xx',
      });
    });
  const protobuf = fc
    .record({
      depth: logUniform(2, 40_000),
      kvlist: fc.boolean(),
      ids: spanIds,
    })
    .map(({ depth, kvlist, ids }) => {
      const body = withProtobufValue(
        appRequest(nowMs, ids),
        protobufNest(depth, kvlist),
      );
      const detail = `${
        kvlist ? 'kvlistValue' : 'arrayValue'
      } ${depth} deep, protobuf`;
      return hostilePayload('deep-nesting', detail, PROTOBUF_TYPE, body, {
        expect: 'no-5xx',
      });
    });
  const structure = fc
    .tuple(logUniform(2, 100_000), fc.boolean())
    .map(([depth, arrays]) => {
      const [detail, text] = arrays
        ? [
            `resourceSpans of arrays ${depth} deep`,
            `{"resourceSpans":${'['.repeat(depth)}${']'.repeat(depth)}}`,
          ]
        : [
            `an unknown field ${depth} deep`,
            `{"x":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
          ];
      return hostilePayload(
        'deep-nesting',
        detail,
        JSON_TYPE,
        Buffer.from(text),
        {
          expect: arrays ? '4xx' : 'no-5xx',
        },
      );
    });
  return fc.oneof(json, protobuf, structure);
}
