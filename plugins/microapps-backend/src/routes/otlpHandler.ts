import type {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type express from 'express';
import {
  decodeOtlpJson,
  decodeOtlpProtobuf,
  type DecodedTraces,
} from '../services/Otlp/decodeOtlp';
import { OtlpBodyError, readOtlpBody } from '../services/Otlp/readOtlpBody';
import {
  otlpFormatOf,
  sendExportResponse,
  sendStatus,
} from '../services/Otlp/otlpResponses';
import type { IngestResult } from '../services/Telemetry/TelemetryIngest';

export interface OtlpHandlerOptions {
  httpAuth: HttpAuthService;
  /** Throws NotAllowedError unless the caller may send traces. */
  requireWrite: (credentials: BackstageCredentials) => Promise<void>;
  logger: LoggerService;
  ingest: (decoded: DecodedTraces) => Promise<IngestResult>;
  /** Limit of the (decompressed) body. */
  maxBodyBytes: number;
  /** Requests processed at once; more are answered 503 so that memory stays bounded. */
  maxConcurrentRequests: number;
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

/**
 * `POST /v1/traces`, the OTLP/HTTP trace receiver. Answers in the request's
 * encoding, and only after everything it accepted is committed.
 */
export function createOtlpHandler(
  options: OtlpHandlerOptions,
): express.RequestHandler {
  const { httpAuth, logger } = options;
  let inFlight = 0;

  return async (req, res) => {
    const format = otlpFormatOf(req.headers['content-type']);
    // Micro-apps authenticate with an external-access (service) token that
    // holds microapps.telemetry.write.
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    await options.requireWrite(credentials);
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
    if (inFlight >= options.maxConcurrentRequests) {
      req.resume();
      sendStatus(res, format, 503, 'The receiver is busy; retry later', {
        'Retry-After': RETRY_AFTER_SECONDS,
      });
      return;
    }
    inFlight += 1;
    try {
      let body: Buffer;
      try {
        body = await readOtlpBody(req, options.maxBodyBytes);
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
        decoded =
          format === 'json' ? decodeOtlpJson(body) : decodeOtlpProtobuf(body);
      } catch (error) {
        // Whatever the decoder trips over (including absurd nesting), the input is at fault.
        sendStatus(res, format, 400, (error as Error).message.slice(0, 1000));
        return;
      }

      let result: IngestResult;
      try {
        result = await options.ingest(decoded);
      } catch (error) {
        logger.warn(`Could not store OTLP spans; answered 503: ${error}`);
        sendStatus(
          res,
          format,
          503,
          'The telemetry store cannot take the write right now; retry later',
          {
            'Retry-After': RETRY_AFTER_SECONDS,
          },
        );
        return;
      }
      sendExportResponse(
        res,
        format,
        result.rejected.length,
        result.rejected.length ? rejectionMessage(result.rejected) : '',
      );
    } finally {
      inFlight -= 1;
    }
  };
}
