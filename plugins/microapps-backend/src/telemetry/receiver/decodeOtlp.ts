import protobuf from 'protobufjs';
import { OTLP_TRACE_PROTO } from './traceSchema';

/** An attribute value as Trellis reads it; nested key-value lists are not needed and read as null. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[];
export type Attributes = Map<string, AttributeValue>;

export interface OtlpEvent {
  name: string;
  timeMs: number;
  attributes: Attributes;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  startMs: number;
  endMs: number;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  attributes: Attributes;
  events: OtlpEvent[];
}

export interface OtlpResourceSpans {
  resource: Attributes;
  spans: OtlpSpan[];
}

export interface DecodedTraces {
  resources: OtlpResourceSpans[];
  spanCount: number;
  /** Spans that were rejected, with the reason for each (field path first). */
  rejected: string[];
}

/** The request cannot be decoded at all: answered with 400. */
export class OtlpDecodeError extends Error {}

/** Nesting deeper than this in attribute values is not read. */
const MAX_VALUE_DEPTH = 8;
/** Spans must not claim to start this far in the future (clock skew allowance). */
const MAX_FUTURE_MS = 60 * 60 * 1000;

const root = protobuf.parse(OTLP_TRACE_PROTO, { keepCase: false }).root;
root.resolveAll();
export const ExportTraceServiceRequest = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
);
export const ExportTraceServiceResponse = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
);
export const RpcStatus = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.RpcStatus',
);

const HEX_TRACE_ID = /^[0-9a-fA-F]{32}$/;
const HEX_SPAN_ID = /^[0-9a-fA-F]{16}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/** A span field that fails validation; the span is rejected with this message. */
class SpanError extends Error {}

const isObject = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads `value` as an optional array, or throws naming the field. */
function arrayAt(
  value: unknown,
  path: string,
  fail: (message: string) => Error,
): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw fail(`${path} must be an array`);
  return value;
}

// ---------------------------------------------------------------- JSON

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` as the OTLP specification
 * defines it: lowerCamelCase field names, hex trace and span ids, int64 as a
 * string or a number, enums as integers, unknown fields ignored. A structure
 * that is not a request fails as a whole; a span with a bad field is rejected
 * alone.
 */
export function decodeOtlpJson(body: Buffer | string): DecodedTraces {
  let message: unknown;
  try {
    message = JSON.parse(
      typeof body === 'string' ? body : body.toString('utf8'),
    );
  } catch (error) {
    throw new OtlpDecodeError(
      `The body is not valid JSON: ${(error as Error).message}`,
    );
  }
  const structural = (problem: string) => new OtlpDecodeError(problem);
  if (!isObject(message)) {
    throw new OtlpDecodeError(
      'The body must be a JSON object (an ExportTraceServiceRequest)',
    );
  }
  const decoded: DecodedTraces = { resources: [], spanCount: 0, rejected: [] };
  const resourceSpans = arrayAt(
    message.resourceSpans,
    'resourceSpans',
    structural,
  );
  resourceSpans.forEach((rs, r) => {
    const rsPath = `resourceSpans[${r}]`;
    if (!isObject(rs)) throw structural(`${rsPath} must be an object`);
    let resource: Attributes;
    try {
      resource = jsonAttributes(
        isObject(rs.resource) ? rs.resource.attributes : undefined,
        `${rsPath}.resource.attributes`,
      );
    } catch (error) {
      throw structural((error as Error).message);
    }
    const spans: OtlpSpan[] = [];
    arrayAt(rs.scopeSpans, `${rsPath}.scopeSpans`, structural).forEach(
      (ss, s) => {
        const ssPath = `${rsPath}.scopeSpans[${s}]`;
        if (!isObject(ss)) throw structural(`${ssPath} must be an object`);
        arrayAt(ss.spans, `${ssPath}.spans`, structural).forEach((raw, i) => {
          decoded.spanCount += 1;
          const path = `${ssPath}.spans[${i}]`;
          try {
            spans.push(jsonSpan(raw, path));
          } catch (error) {
            if (!(error instanceof SpanError)) throw error;
            decoded.rejected.push(error.message);
          }
        });
      },
    );
    decoded.resources.push({ resource, spans });
  });
  return decoded;
}

function jsonSpan(raw: unknown, path: string): OtlpSpan {
  if (!isObject(raw)) throw new SpanError(`${path} must be an object`);
  const traceId = jsonId(
    raw.traceId,
    `${path}.traceId`,
    HEX_TRACE_ID,
    ZERO_TRACE_ID,
    16,
  );
  const spanId = jsonId(
    raw.spanId,
    `${path}.spanId`,
    HEX_SPAN_ID,
    ZERO_SPAN_ID,
    8,
  );
  if (raw.name !== undefined && typeof raw.name !== 'string') {
    throw new SpanError(`${path}.name must be a string`);
  }
  const { startMs, endMs } = spanTimes(
    nanosToMs(raw.startTimeUnixNano, `${path}.startTimeUnixNano`),
    nanosToMs(raw.endTimeUnixNano, `${path}.endTimeUnixNano`),
    path,
  );
  let statusCode = 0;
  if (raw.status !== undefined && raw.status !== null) {
    if (!isObject(raw.status))
      throw new SpanError(`${path}.status must be an object`);
    statusCode = enumValue(raw.status.code, `${path}.status.code`);
  }
  const events = arrayAt(
    raw.events,
    `${path}.events`,
    message => new SpanError(message),
  ).map((event, e) => {
    const eventPath = `${path}.events[${e}]`;
    if (!isObject(event)) throw new SpanError(`${eventPath} must be an object`);
    if (event.name !== undefined && typeof event.name !== 'string') {
      throw new SpanError(`${eventPath}.name must be a string`);
    }
    return {
      name: event.name ?? '',
      timeMs:
        nanosToMs(event.timeUnixNano, `${eventPath}.timeUnixNano`) || startMs,
      attributes: jsonAttributes(event.attributes, `${eventPath}.attributes`),
    };
  });
  return {
    traceId: traceId.toLowerCase(),
    spanId: spanId.toLowerCase(),
    name: raw.name ?? '',
    startMs,
    endMs,
    statusCode,
    attributes: jsonAttributes(raw.attributes, `${path}.attributes`),
    events,
  };
}

function jsonId(
  value: unknown,
  path: string,
  pattern: RegExp,
  zero: string,
  bytes: number,
): string {
  if (typeof value !== 'string' || !pattern.test(value) || value === zero) {
    throw new SpanError(
      `${path} must be ${
        bytes * 2
      } hexadecimal digits (${bytes} bytes), not all zero`,
    );
  }
  return value;
}

function enumValue(value: unknown, path: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new SpanError(
      `${path} must be an integer (OTLP/JSON encodes enums as integers)`,
    );
  }
  return value;
}

function jsonAttributes(value: unknown, path: string): Attributes {
  const attributes: Attributes = new Map();
  const list = arrayAt(value, path, message => new SpanError(message));
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (!isObject(entry) || typeof entry.key !== 'string') {
      throw new SpanError(
        `${path}[${i}] must be an object with a string "key"`,
      );
    }
    attributes.set(
      entry.key,
      jsonAnyValue(entry.value, `${path}[${i}].value`, 0),
    );
  }
  return attributes;
}

function jsonAnyValue(
  value: unknown,
  path: string,
  depth: number,
): AttributeValue {
  if (value === undefined || value === null) return null;
  if (!isObject(value))
    throw new SpanError(`${path} must be an AnyValue object`);
  if ('stringValue' in value) {
    if (typeof value.stringValue !== 'string')
      throw new SpanError(`${path}.stringValue must be a string`);
    return value.stringValue;
  }
  if ('boolValue' in value) {
    if (typeof value.boolValue !== 'boolean')
      throw new SpanError(`${path}.boolValue must be a boolean`);
    return value.boolValue;
  }
  if ('intValue' in value) return int64(value.intValue, `${path}.intValue`);
  if ('doubleValue' in value) {
    const number =
      typeof value.doubleValue === 'string'
        ? Number(value.doubleValue)
        : value.doubleValue;
    if (typeof number !== 'number' || Number.isNaN(number)) {
      throw new SpanError(`${path}.doubleValue must be a number`);
    }
    return number;
  }
  if ('arrayValue' in value) {
    if (depth >= MAX_VALUE_DEPTH || !isObject(value.arrayValue)) return null;
    return arrayAt(
      value.arrayValue.values,
      `${path}.arrayValue.values`,
      m => new SpanError(m),
    ).map((item, i) =>
      jsonAnyValue(item, `${path}.arrayValue.values[${i}]`, depth + 1),
    );
  }
  // kvlistValue, bytesValue and empty values carry nothing Trellis reads.
  return null;
}

/** An OTLP/JSON int64: a decimal string or a JSON number. */
function int64(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value))
    return Number(value);
  throw new SpanError(
    `${path} must be an integer, as a number or a decimal string`,
  );
}

function nanosToMs(value: unknown, path: string): number {
  if (value === undefined || value === null) return 0;
  const nanos = int64(value, path);
  if (nanos < 0) throw new SpanError(`${path} must not be negative`);
  return nanos / 1e6;
}

function spanTimes(start: number, end: number, path: string) {
  const startMs = start || end;
  if (!startMs) throw new SpanError(`${path}.startTimeUnixNano must be set`);
  if (startMs > Date.now() + MAX_FUTURE_MS) {
    throw new SpanError(
      `${path}.startTimeUnixNano is more than an hour in the future`,
    );
  }
  return { startMs, endMs: end >= startMs ? end : startMs };
}

// ---------------------------------------------------------------- protobuf

/** Decodes a binary protobuf `ExportTraceServiceRequest`. */
export function decodeOtlpProtobuf(body: Uint8Array): DecodedTraces {
  let message: any;
  try {
    checkTags(
      protobuf.Reader.create(body),
      body.length,
      ExportTraceServiceRequest,
    );
    message = ExportTraceServiceRequest.decode(body);
  } catch (error) {
    throw new OtlpDecodeError(
      `The body is not a protobuf ExportTraceServiceRequest: ${
        (error as Error).message
      }`,
    );
  }
  const decoded: DecodedTraces = { resources: [], spanCount: 0, rejected: [] };
  (message.resourceSpans ?? []).forEach((rs: any, r: number) => {
    const spans: OtlpSpan[] = [];
    (rs.scopeSpans ?? []).forEach((ss: any, s: number) => {
      (ss.spans ?? []).forEach((raw: any, i: number) => {
        decoded.spanCount += 1;
        try {
          spans.push(
            protobufSpan(
              raw,
              `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`,
            ),
          );
        } catch (error) {
          if (!(error instanceof SpanError)) throw error;
          decoded.rejected.push(error.message);
        }
      });
    });
    decoded.resources.push({
      resource: protobufAttributes(rs.resource?.attributes),
      spans,
    });
  });
  return decoded;
}

/**
 * protobufjs reads a known field whatever wire type its tag claims, even the
 * nonexistent 6 and 7, and skips field number 0; a conforming parser refuses
 * both. Walks the tags, into known message fields, and throws on the first
 * invalid one or on a field that overruns its enclosing message.
 */
function checkTags(reader: protobuf.Reader, end: number, type: protobuf.Type) {
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 0 || wireType > 5) {
      throw new Error(
        `invalid tag (field ${field}, wire type ${wireType}) before offset ${reader.pos}`,
      );
    }
    const known = type.fieldsById[field];
    if (wireType === 2 && known?.resolvedType instanceof protobuf.Type) {
      const length = reader.uint32();
      checkTags(reader, reader.pos + length, known.resolvedType);
    } else {
      reader.skipType(wireType);
    }
  }
  if (reader.pos > end) {
    throw new Error(`a field overruns its ${type.name} at offset ${end}`);
  }
}

function protobufSpan(raw: any, path: string): OtlpSpan {
  const traceId = protobufId(raw.traceId, `${path}.traceId`, 16);
  const spanId = protobufId(raw.spanId, `${path}.spanId`, 8);
  const { startMs, endMs } = spanTimes(
    longToMs(raw.startTimeUnixNano),
    longToMs(raw.endTimeUnixNano),
    path,
  );
  return {
    traceId,
    spanId,
    name: raw.name ?? '',
    startMs,
    endMs,
    statusCode: raw.status?.code ?? 0,
    attributes: protobufAttributes(raw.attributes),
    events: (raw.events ?? []).map((event: any) => ({
      name: event.name ?? '',
      timeMs: longToMs(event.timeUnixNano) || startMs,
      attributes: protobufAttributes(event.attributes),
    })),
  };
}

function protobufId(
  bytes: Uint8Array | undefined,
  path: string,
  length: number,
): string {
  const hex = bytes
    ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
        'hex',
      )
    : '';
  if (hex.length !== length * 2 || /^0+$/.test(hex)) {
    throw new SpanError(`${path} must be ${length} bytes, not all zero`);
  }
  return hex;
}

function protobufAttributes(list: any[] | undefined): Attributes {
  const attributes: Attributes = new Map();
  for (const entry of list ?? []) {
    attributes.set(entry.key ?? '', protobufAnyValue(entry.value, 0));
  }
  return attributes;
}

function protobufAnyValue(value: any, depth: number): AttributeValue {
  if (!value) return null;
  switch (value.value) {
    case 'stringValue':
      return value.stringValue;
    case 'boolValue':
      return value.boolValue;
    case 'intValue':
      return longToNumber(value.intValue);
    case 'doubleValue':
      return value.doubleValue;
    case 'arrayValue':
      if (depth >= MAX_VALUE_DEPTH) return null;
      return (value.arrayValue?.values ?? []).map((item: any) =>
        protobufAnyValue(item, depth + 1),
      );
    default:
      return null;
  }
}

/** protobufjs gives 64-bit integers as Long objects (or numbers when Long is absent). */
function longToNumber(value: any): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  if (typeof value.toNumber === 'function') return value.toNumber();
  return Number(value);
}

function longToMs(value: any): number {
  return longToNumber(value) / 1e6;
}
