import {
  type AttributeValue,
  type Attributes,
  type DecodedTraces,
  OtlpDecodeError,
  type OtlpSpan,
} from './decodeOtlp';
import { MAX_VALUE_DEPTH, SpanError, spanTimes } from './spanChecks';

const HEX_TRACE_ID = /^[0-9a-fA-F]{32}$/;
const HEX_SPAN_ID = /^[0-9a-fA-F]{16}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

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
