import protobuf from 'protobufjs';
import {
  type AttributeValue,
  type Attributes,
  type DecodedTraces,
  OtlpDecodeError,
  type OtlpSpan,
} from './decodeOtlp';
import { ExportTraceServiceRequest } from './otlpMessageTypes';
import { MAX_VALUE_DEPTH, SpanError, spanTimes } from './spanChecks';

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
