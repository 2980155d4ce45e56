/** Checks of span fields that both OTLP decoders apply. */

/** Nesting deeper than this in attribute values is not read. */
export const MAX_VALUE_DEPTH = 8;
/** Spans must not claim to start this far in the future (clock skew allowance). */
const MAX_FUTURE_MS = 60 * 60 * 1000;

/** A span field that fails validation; the span is rejected with this message. */
export class SpanError extends Error {}

/**
 * The span's start (its end when it has none) and its end as sent, which
 * may precede the start; `endMs` is 0 unless the span has both times.
 */
export function spanTimes(start: number, end: number, path: string) {
  const startMs = start || end;
  if (!startMs) throw new SpanError(`${path}.startTimeUnixNano must be set`);
  if (startMs > Date.now() + MAX_FUTURE_MS) {
    throw new SpanError(
      `${path}.startTimeUnixNano is more than an hour in the future`,
    );
  }
  return { startMs, endMs: start && end ? end : 0 };
}
