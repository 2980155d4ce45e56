/**
 * OpenTelemetry setup: a NodeTracerProvider whose resource names the
 * MicroApp, batching spans to Trellis' OTLP/HTTP receiver.
 *
 * The OTLP exporter reads the standard variables itself
 * (`OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT`, `…_HEADERS`, `…_COMPRESSION`,
 * `…_TIMEOUT`), and options passed in code override them. So the demo passes
 * its Trellis defaults only for what the environment leaves unset.
 */
import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  type Resource,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { microAppRef, type MicroAppIdentity } from './manifest';

/** Trellis' OTLP/HTTP traces receiver in the example portal. @public */
export const DEFAULT_TRACES_ENDPOINT =
  'http://localhost:7007/api/microapps/v1/traces';

/** The example portal's development token (`backend.auth.externalAccess` in app-config.yaml). @public */
export const DEFAULT_OTLP_HEADERS = {
  Authorization: 'Bearer trellis-dev-otlp-token',
};

const TRACER_NAME = '@trellis/example-demo-microapp';
const TRACER_VERSION = '0.1.0';

/** `ExportResultCode.SUCCESS` of `@opentelemetry/core`. */
const EXPORT_SUCCESS = 0;

type Env = Record<string, string | undefined>;
type ExportResult = Parameters<Parameters<SpanExporter['export']>[1]>[0];
type OtlpExporterConfig = NonNullable<
  ConstructorParameters<typeof OTLPTraceExporter>[0]
>;

const isSet = (value: string | undefined) => Boolean(value?.trim());

/**
 * The resource every span carries: `service.name` (the MicroApp's name,
 * overridable with `OTEL_SERVICE_NAME`), `service.version`,
 * `trellis.microapp.ref` (overridable with `TRELLIS_MICROAPP_REF`) and
 * `trellis.template.ref` when the app came from a template. Attributes in
 * `OTEL_RESOURCE_ATTRIBUTES`, which the SDK's env detector reads from
 * `process.env`, are merged on top.
 *
 * @public
 */
export function microAppResource(
  app: MicroAppIdentity,
  env: Env = process.env,
): Resource {
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || app.name;
  const attributes: Record<string, string> = {
    'service.name': serviceName,
    'service.version': app.version,
    'trellis.microapp.ref':
      env.TRELLIS_MICROAPP_REF?.trim() || microAppRef(serviceName),
  };
  if (app.templateRef) attributes['trellis.template.ref'] = app.templateRef;
  return defaultResource()
    .merge(resourceFromAttributes(attributes))
    .merge(detectResources({ detectors: [envDetector] }));
}

/**
 * Exporter options: the Trellis URL and development token, each only when the
 * environment does not configure it. Compression and timeouts are left to
 * the exporter's own reading of the environment.
 *
 * @public
 */
export function otlpExporterConfig(env: Env = process.env): OtlpExporterConfig {
  const config: OtlpExporterConfig = {};
  if (
    !isSet(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) &&
    !isSet(env.OTEL_EXPORTER_OTLP_ENDPOINT)
  ) {
    config.url = DEFAULT_TRACES_ENDPOINT;
  }
  if (
    !isSet(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) &&
    !isSet(env.OTEL_EXPORTER_OTLP_HEADERS)
  ) {
    config.headers = { ...DEFAULT_OTLP_HEADERS };
  }
  return config;
}

/** The URL the exporter sends to, resolved as the exporter resolves it (for messages). @public */
export function tracesEndpoint(env: Env = process.env): string {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (specific) return specific;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (base) return `${base.replace(/\/+$/, '')}/v1/traces`;
  return DEFAULT_TRACES_ENDPOINT;
}

/**
 * What went wrong and what to do, from the error an OTLP export failed with:
 * a network error code, or the HTTP status of an `OTLPExporterError`.
 *
 * @public
 */
export function explainExportError(
  error: Error | undefined,
  endpoint: string,
): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN'
  ) {
    return (
      `Nothing answers at ${endpoint} (${code}). Start the example portal with \`npm start\` at the ` +
      'repository root, or set OTEL_EXPORTER_OTLP_TRACES_ENDPOINT to where Trellis or your Collector listens.'
    );
  }
  if (code === 401 || code === 403) {
    return `Trellis refused the token (HTTP ${code}): check OTEL_EXPORTER_OTLP_HEADERS ("Authorization=Bearer <token>").`;
  }
  if (code === 404) {
    return `HTTP 404: ${endpoint} is not an OTLP receiver. Is the Trellis backend plugin installed?`;
  }
  if (code === 413) {
    return "HTTP 413: the batch is above the receiver's body limit; lower the batch size or raise the limit.";
  }
  if (typeof code === 'number')
    return `HTTP ${code}: ${
      error?.message || 'the receiver refused the batch'
    }.`;
  const message = error?.message ?? '';
  if (/retryable status|timed out|timeout/i.test(message)) {
    return (
      `${endpoint} stayed busy or did not answer in time (HTTP 429, 502, 503, 504 or a timeout) ` +
      'until the exporter gave up retrying.'
    );
  }
  return `The exporter reported: ${message || 'no reason'}.`;
}

/** What a CountingSpanExporter saw. @public */
export interface ExportTally {
  exportedSpans: number;
  failedSpans: number;
  /** The error of the last failed export. */
  lastError?: Error;
}

/**
 * Wraps a SpanExporter and counts the spans it exported and failed to
 * export, so that the CLI can say what reached Trellis.
 *
 * @public
 */
export class CountingSpanExporter implements SpanExporter {
  private exportedSpans = 0;
  private failedSpans = 0;
  private lastError?: Error;

  constructor(
    private readonly delegate: SpanExporter,
    private readonly onFailure?: (
      error: Error | undefined,
      spans: number,
    ) => void,
  ) {}

  export(
    spans: ReadableSpan[],
    resultCallback: (result: ExportResult) => void,
  ): void {
    this.delegate.export(spans, result => {
      if (result.code === EXPORT_SUCCESS) {
        this.exportedSpans += spans.length;
      } else {
        this.failedSpans += spans.length;
        this.lastError = result.error;
        this.onFailure?.(result.error, spans.length);
      }
      resultCallback(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.delegate.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.delegate.shutdown();
  }

  tally(): ExportTally {
    return {
      exportedSpans: this.exportedSpans,
      failedSpans: this.failedSpans,
      lastError: this.lastError,
    };
  }
}

/** @public */
export interface Telemetry {
  tracer: Tracer;
  /** Where spans go. */
  endpoint: string;
  exporter: CountingSpanExporter;
  /** Exports what is buffered, stops the provider and reports what was exported. */
  shutdown(): Promise<ExportTally>;
}

/** @public */
export interface TelemetryOptions {
  app: MicroAppIdentity;
  /** Called when a batch could not be exported (the server logs it). */
  onExportFailure?: (error: Error | undefined, spans: number) => void;
  /** The app's ingest key, sent instead of the development token. */
  ingestKey?: string;
}

/**
 * Starts tracing: registers a NodeTracerProvider (context manager and W3C
 * propagator included) that batches spans to Trellis.
 *
 * @public
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const config = otlpExporterConfig(process.env);
  if (options.ingestKey) {
    config.headers = { Authorization: `Bearer ${options.ingestKey}` };
  }
  const exporter = new CountingSpanExporter(
    new OTLPTraceExporter(config),
    options.onExportFailure,
  );
  const provider = new NodeTracerProvider({
    resource: microAppResource(options.app, process.env),
    spanProcessors: [
      new BatchSpanProcessor(exporter, { scheduledDelayMillis: 2000 }),
    ],
  });
  provider.register();

  return {
    tracer: provider.getTracer(TRACER_NAME, TRACER_VERSION),
    endpoint: tracesEndpoint(process.env),
    exporter,
    async shutdown() {
      // A failed export is counted by the exporter; the flush itself only
      // reports it to OpenTelemetry's global error handler.
      await provider.forceFlush().catch(() => undefined);
      await provider.shutdown().catch(() => undefined);
      return exporter.tally();
    },
  };
}
