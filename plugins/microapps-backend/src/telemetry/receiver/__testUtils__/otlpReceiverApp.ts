/*
 * The OTLP receiver route alone (`createOtlpHandler`), mounted as the plugin
 * mounts it: on a promise router, before any body parser, behind
 * Backstage's error handler. Who sends is told by a simple `identify` over
 * two ingest keys; `ingest` records what it is handed.
 */
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import express from 'express';
import Router from 'express-promise-router';
import type { DecodedTraces } from '../decodeOtlp';
import type { IngestIdentity } from '../IngestKeys';
import type { IngestResult } from '../../ingest/TelemetryIngest';
import { createOtlpHandler, type OtlpHandlerOptions } from '../otlpHandler';
import { ExportTraceServiceRequest } from '../otlpMessageTypes';
import { inlineOtlpDecoder, type OtlpDecoder } from '../OtlpDecoderPool';
import {
  appResource,
  makeSpans,
  type SpanSpec,
} from '../../../__testUtils__/otelSpans';

export const TRACES = '/v1/traces';
export const APP_REF = 'microapp:default/invoice-field-extractor';

/** The ingest keys `identify` knows, by the key a client sends. */
export const KEYS: Record<string, IngestIdentity> = {
  trk_invoices: { keyId: 'key-invoices', entityRef: APP_REF },
  trk_gateway: { keyId: 'key-gateway' },
};
/** A key that may not send traces (a 403, as for a service without the permission). */
export const FORBIDDEN_KEY = 'trk_forbidden';
export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

export interface ReceiverOptions {
  decoder?: OtlpDecoder;
  maxBytes?: number;
  maxConcurrentRequests?: number;
  maxConcurrentRequestsPerCaller?: number;
  /** What ingest does with what it is handed; by default it takes every span. */
  ingest?: OtlpHandlerOptions['ingest'];
}

/** The receiver route, what reached ingest, and its logger. */
export function receiverApp(options: ReceiverOptions = {}) {
  const received: Array<{ decoded: DecodedTraces; identity: IngestIdentity }> =
    [];
  const logger = mockServices.logger.mock();
  const router = Router();
  router.post(
    TRACES,
    createOtlpHandler({
      identify: async req => {
        const key = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (key === FORBIDDEN_KEY) {
          throw new NotAllowedError('This key may not send traces');
        }
        const identity = key ? KEYS[key] : undefined;
        if (!identity) {
          throw new AuthenticationError(
            'The ingest key is unknown or has been revoked',
          );
        }
        return identity;
      },
      logger,
      ingest: async (decoded, identity): Promise<IngestResult> => {
        received.push({ decoded, identity });
        if (options.ingest) return options.ingest(decoded, identity);
        return {
          rejected: [],
          newSpans: decoded.spanCount,
          duplicateSpans: 0,
          appsWithViolations: [],
        };
      },
      decoder: options.decoder ?? inlineOtlpDecoder,
      bodyLimits: {
        maxBytes: options.maxBytes ?? 4 * 1024 * 1024,
        maxCompressionRatio: 100,
        timeoutMs: 10_000,
      },
      maxConcurrentRequests: options.maxConcurrentRequests ?? 8,
      maxConcurrentRequestsPerCaller:
        options.maxConcurrentRequestsPerCaller ?? 4,
    }),
  );
  const app = express();
  app.use(router);
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return { app, received, logger };
}

const SPANS: SpanSpec[] = [
  { model: 'azure-gpt-4.1-mini', input: 1_000, output: 100 },
  { model: 'azure-gpt-4.1-mini', input: 2_000, output: 200 },
];

/** Two GenAI spans of the example app, made by the OpenTelemetry SDK, as OTLP/JSON. */
export const jsonBody = (specs: SpanSpec[] = SPANS) =>
  Buffer.from(
    JsonTraceSerializer.serializeRequest(
      makeSpans(appResource('invoice-field-extractor'), specs),
    )!,
  );

/** The same spans as binary protobuf. */
export const protobufBody = (specs: SpanSpec[] = SPANS) =>
  Buffer.from(
    ProtobufTraceSerializer.serializeRequest(
      makeSpans(appResource('invoice-field-extractor'), specs),
    )!,
  );

/** A protobuf request cut short: no decoder can read it. */
export const truncatedProtobuf = () =>
  Buffer.from(
    ExportTraceServiceRequest.encode(
      ExportTraceServiceRequest.fromObject({
        resourceSpans: [
          { scopeSpans: [{ spans: [{ name: 'x'.repeat(50) }] }] },
        ],
      }),
    ).finish(),
  ).subarray(0, 20);

/** Sends a Buffer body as it is (supertest would encode it as JSON). */
export const raw = (body: any) => body;

/** Collects an answer as bytes, whatever its type (for protobuf answers). */
export const bytes = (
  res: any,
  callback: (error: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/** What ingest was handed, in plain terms: who, how many spans, which app and models. */
export const summary = (decoded: DecodedTraces) => ({
  spanCount: decoded.spanCount,
  rejected: decoded.rejected,
  apps: decoded.resources.map(r => r.resource.get('trellis.microapp.ref')),
  models: decoded.resources.flatMap(r =>
    r.spans.map(s => s.attributes.get('gen_ai.request.model')),
  ),
  inputTokens: decoded.resources.flatMap(r =>
    r.spans.map(s => s.attributes.get('gen_ai.usage.input_tokens')),
  ),
});

/** A promise and the function that settles it, to hold a request in ingest. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>(resolve => {
    open = resolve;
  });
  return { open, opened };
}
