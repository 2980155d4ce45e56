/*
 * What the OTLP decoders yield, whichever the encoding of the request:
 * decodeOtlpJson.ts reads OTLP/JSON, decodeOtlpProtobuf.ts binary protobuf.
 */

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
  /** As sent, so it may precede `startMs`; 0 when the span lacks a start or an end time. */
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
