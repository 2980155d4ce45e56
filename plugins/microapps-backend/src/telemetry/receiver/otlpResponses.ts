import type { Response } from 'express';
import { ExportTraceServiceResponse, RpcStatus } from './otlpMessageTypes';

export type OtlpFormat = 'json' | 'protobuf';

const CONTENT_TYPES: Record<OtlpFormat, string> = {
  json: 'application/json',
  protobuf: 'application/x-protobuf',
};

/** The OTLP encoding a Content-Type names, or undefined for anything else. */
export function otlpFormatOf(
  contentType: string | undefined,
): OtlpFormat | undefined {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/json') return 'json';
  if (
    mediaType === 'application/x-protobuf' ||
    mediaType === 'application/protobuf'
  )
    return 'protobuf';
  return undefined;
}

/** A successful export, with `partialSuccess` when some spans were rejected. */
export function sendExportResponse(
  res: Response,
  format: OtlpFormat,
  rejectedSpans: number,
  errorMessage: string,
) {
  const partialSuccess =
    rejectedSpans > 0 ? { rejectedSpans, errorMessage } : undefined;
  res.status(200).type(CONTENT_TYPES[format]);
  if (format === 'json') {
    // int64 fields are strings in OTLP/JSON.
    res.send(
      JSON.stringify(
        partialSuccess
          ? {
              partialSuccess: {
                rejectedSpans: String(rejectedSpans),
                errorMessage,
              },
            }
          : {},
      ),
    );
  } else {
    const message = ExportTraceServiceResponse.create(
      partialSuccess ? { partialSuccess } : {},
    );
    res.send(Buffer.from(ExportTraceServiceResponse.encode(message).finish()));
  }
}

/** An error as a google.rpc.Status in the request's encoding (OTLP/HTTP failures). */
export function sendStatus(
  res: Response,
  format: OtlpFormat,
  httpStatus: number,
  message: string,
  headers: Record<string, string> = {},
) {
  // gRPC status codes: INVALID_ARGUMENT, UNAUTHENTICATED, RESOURCE_EXHAUSTED, UNAVAILABLE, ...
  const code =
    (
      { 400: 3, 401: 16, 403: 7, 413: 8, 415: 3, 429: 8, 503: 14 } as Record<
        number,
        number
      >
    )[httpStatus] ?? 2;
  res.status(httpStatus).set(headers).type(CONTENT_TYPES[format]);
  if (format === 'json') {
    res.send(JSON.stringify({ code, message }));
  } else {
    res.send(
      Buffer.from(
        RpcStatus.encode(RpcStatus.create({ code, message })).finish(),
      ),
    );
  }
}
