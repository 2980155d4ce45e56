import type { LoggerService } from '@backstage/backend-plugin-api';
import type express from 'express';
import type { DecodedTraces } from './decodeOtlp';
import {
  inlineOtlpDecoder,
  OtlpInputError,
  type OtlpDecoder,
} from './OtlpDecoderPool';
import {
  OtlpBodyError,
  type OtlpBodyLimits,
  readOtlpBody,
} from './readOtlpBody';
import {
  type OtlpFormat,
  otlpFormatOf,
  sendExportResponse,
  sendStatus,
} from './otlpResponses';
import type { IngestIdentity } from './IngestKeys';
import type { IngestResult } from '../ingest/TelemetryIngest';

export interface OtlpHandlerOptions {
  /**
   * Who sends the request: an ingest key or a Backstage service token that
   * may send traces. Throws AuthenticationError (401) or NotAllowedError (403).
   */
  identify: (req: express.Request) => Promise<IngestIdentity>;
  logger: LoggerService;
  ingest: (
    decoded: DecodedTraces,
    identity: IngestIdentity,
  ) => Promise<IngestResult>;
  /** Decodes bodies (off the event loop, in the plugin); default in this thread. */
  decoder?: OtlpDecoder;
  /** Limits of the body: size after decompression, compression ratio, time to arrive. */
  bodyLimits: OtlpBodyLimits;
  /** Requests processed at once; more are answered 503 so that memory stays bounded. */
  maxConcurrentRequests: number;
  /** Requests of one caller (token) processed at once, so that no one client takes every slot. */
  maxConcurrentRequestsPerCaller: number;
}

const RETRY_AFTER_SECONDS = '5';
const REASONS_SHOWN = 5;

/** Why spans were rejected, short enough for a client log line. */
function rejectionMessage(rejected: string[]): string {
  const shown = rejected.slice(0, REASONS_SHOWN).join('; ');
  const more =
    rejected.length > REASONS_SHOWN
      ? `; and ${rejected.length - REASONS_SHOWN} more`
      : '';
  return `${rejected.length} span(s) rejected: ${shown}${more}`;
}

/** Requests being processed, in all and per caller, within their limits. */
class ReceiverSlots {
  private inFlight = 0;
  private readonly byCaller = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly perCaller: number,
  ) {}

  /** Takes a slot for the caller; false when the receiver or the caller has none left. */
  take(caller: string): boolean {
    const mine = this.byCaller.get(caller) ?? 0;
    if (this.inFlight >= this.max || mine >= this.perCaller) return false;
    this.inFlight += 1;
    this.byCaller.set(caller, mine + 1);
    return true;
  }

  release(caller: string): void {
    this.inFlight -= 1;
    const left = (this.byCaller.get(caller) ?? 1) - 1;
    if (left > 0) this.byCaller.set(caller, left);
    else this.byCaller.delete(caller);
  }
}

const busy = (res: express.Response, format: OtlpFormat, message: string) =>
  sendStatus(res, format, 503, message, { 'Retry-After': RETRY_AFTER_SECONDS });

/**
 * `POST /v1/traces`, the OTLP/HTTP trace receiver. Answers in the request's
 * encoding, and only after everything it accepted is committed.
 */
export function createOtlpHandler(
  options: OtlpHandlerOptions,
): express.RequestHandler {
  const slots = new ReceiverSlots(
    options.maxConcurrentRequests,
    options.maxConcurrentRequestsPerCaller,
  );
  return async (req, res) => {
    const format = otlpFormatOf(req.headers['content-type']);
    const identity = await options.identify(req);
    if (!format) {
      req.resume();
      sendStatus(
        res,
        'json',
        415,
        'Content-Type must be application/json or application/x-protobuf (OTLP/HTTP)',
      );
      return;
    }
    if (!slots.take(identity.keyId)) {
      req.resume();
      busy(res, format, 'The receiver is busy; retry later');
      return;
    }
    try {
      await receive(req, res, format, identity, options);
    } finally {
      slots.release(identity.keyId);
    }
  };
}

/** Reads, decodes and ingests one request's body, and answers it. */
async function receive(
  req: express.Request,
  res: express.Response,
  format: OtlpFormat,
  identity: IngestIdentity,
  options: OtlpHandlerOptions,
): Promise<void> {
  const { logger } = options;
  let body: Buffer;
  try {
    body = await readOtlpBody(req, options.bodyLimits);
  } catch (error) {
    if (!(error instanceof OtlpBodyError)) throw error;
    res.set('Connection', 'close');
    sendStatus(res, format, error.status, error.message);
    return;
  }
  if (body.length === 0) {
    sendExportResponse(res, format, 0, '');
    return;
  }

  let decoded: DecodedTraces;
  try {
    decoded = await (options.decoder ?? inlineOtlpDecoder).decode(format, body);
  } catch (error) {
    // Whatever the decoder trips over (including absurd nesting), the input is at fault.
    if (error instanceof OtlpInputError) {
      sendStatus(res, format, 400, error.message.slice(0, 1000));
    } else {
      logger.warn(`Could not decode an OTLP body; answered 503: ${error}`);
      busy(res, format, 'The receiver is busy; retry later');
    }
    return;
  }

  let result: IngestResult;
  try {
    result = await options.ingest(decoded, identity);
  } catch (error) {
    logger.warn(`Could not store OTLP spans; answered 503: ${error}`);
    busy(
      res,
      format,
      'The telemetry store cannot take the write right now; retry later',
    );
    return;
  }
  sendExportResponse(
    res,
    format,
    result.rejected.length,
    result.rejected.length ? rejectionMessage(result.rejected) : '',
  );
}
