import {
  type Attributes,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { type ExampleCatalog, loadExampleCatalog } from './exampleCatalog';
import {
  type PlannedApp,
  type PlannedRequest,
  planTraffic,
  type TrafficPlan,
} from './trafficPlan';

/** Where a run is; reported after each app. */
export interface TrafficProgress {
  /** The app just finished. */
  app: string;
  appsDone: number;
  appsTotal: number;
  /** Totals so far, over all apps. */
  spans: number;
  genAiSpans: number;
  exportedSpans: number;
}

/** Options for {@link sendExampleTraffic}. */
export interface SendExampleTrafficOptions {
  /** The OTLP/HTTP traces endpoint, e.g. `http://localhost:7007/api/microapps/v1/traces`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token: string;
  /**
   * The token of one app's spans, e.g. its own ingest key; `token` when
   * absent or when it answers nothing.
   */
  tokenFor?: (appName: string) => string | undefined;
  /** Whole days of history before today. Default 60. */
  days?: number;
  /** The end of the window. Default: the current time. */
  now?: Date;
  /** The same seed and `now` send the same traffic (trace and span ids aside). Default `trellis`. */
  seed?: string | number;
  /** Multiplies every app's volume. Default 1 (about 30,000 GenAI spans for 60 days). */
  scale?: number;
  /** The app pushed over its monthly budget; `false` for none. Default: chosen by the plan. */
  budgetApp?: string | false;
  /** The example micro-apps and model catalog; read from `examplesDir` (or the repository) when absent. */
  catalog?: ExampleCatalog;
  examplesDir?: string;
  /** Apps sent at the same time. Default 2: with a flush at 1,024 pending spans that stays within a receiver's slots for one caller. */
  concurrency?: number;
  /** Stops the run: nothing more is generated, what was generated is flushed. */
  signal?: AbortSignal;
  onProgress?: (progress: TrafficProgress) => void;
}

/** What a run sent. */
export interface SendExampleTrafficResult {
  apps: number;
  traces: number;
  spans: number;
  /** Spans with GenAI usage (`chat <model>`). */
  genAiSpans: number;
  /** Spans the receiver acknowledged. */
  exportedSpans: number;
  from: Date;
  to: Date;
  /** The app that goes over its budget this month, if any. */
  budgetOverrun?: TrafficPlan['budgetOverrun'];
  durationMs: number;
}

/** The receiver did not take the traffic: wrong token, no receiver, backend down. */
export class TrafficExportError extends Error {
  constructor(
    message: string,
    readonly exportedSpans: number,
    readonly failedSpans: number,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'TrafficExportError';
  }
}

/** Counts what the wrapped exporter reports as exported and as failed. */
class CountingSpanExporter implements SpanExporter {
  exported = 0;
  failed = 0;
  firstError?: unknown;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  export(
    spans: ReadableSpan[],
    resultCallback: (result: ExportResult) => void,
  ): void {
    this.exporter.export(spans, result => {
      if (result.code === ExportResultCode.SUCCESS) {
        this.exported += spans.length;
      } else {
        this.failed += spans.length;
        this.firstError ??= result.error ?? new Error('span export failed');
        this.onFailure(this.firstError);
      }
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }
}

const TRACER_NAME = '@trellis/example-traffic';
const TRACER_VERSION = '0.1.0';
/** Spans waiting for export before generation pauses for a flush; keeps memory small. */
const FLUSH_AT_PENDING_SPANS = 1024;

const HTTP_STATUS_BY_ERROR: Record<string, number> = {
  '429': 429,
  timeout: 504,
  '500': 502,
  '503': 503,
};

const ROUTES: Record<string, { method: string; route: string }> = {
  extractor: { method: 'POST', route: '/extract' },
  classifier: { method: 'POST', route: '/classify' },
  summarizer: { method: 'POST', route: '/summarize' },
  assistant: { method: 'POST', route: '/chat' },
  automation: { method: 'POST', route: '/run' },
  dashboard: { method: 'GET', route: '/insights' },
  other: { method: 'POST', route: '/generate' },
};

/**
 * Emits one request as a trace: a SERVER span for the app's endpoint with a
 * CLIENT `chat <model>` child carrying the GenAI attributes, plus a guard
 * span for apps that report policy events as OpenLIT or GenAI guardrail
 * spans. Timestamps come from the plan (backdated). Returns the span count.
 */
function emitRequest(
  tracer: Tracer,
  app: PlannedApp,
  request: PlannedRequest,
): number {
  const { method, route } = ROUTES[app.type] ?? ROUTES.other;
  const status = request.error
    ? HTTP_STATUS_BY_ERROR[request.error.type] ?? 500
    : 200;
  const root = tracer.startSpan(
    `${method} ${route}`,
    {
      kind: SpanKind.SERVER,
      startTime: request.startMs,
      attributes: {
        'http.request.method': method,
        'http.route': route,
        'url.path': route,
        'http.response.status_code': status,
        'enduser.id': request.userId,
        ...(request.connector
          ? { 'trellis.connector': request.connector }
          : {}),
      },
    },
    ROOT_CONTEXT,
  );
  if (status >= 500)
    root.setStatus({
      code: SpanStatusCode.ERROR,
      message: request.error?.message,
    });
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  let spans = 2;

  const { policy } = request;
  if (policy && policy.style !== 'trellis') {
    const guardStart = request.startMs + Math.min(2, request.llmOffsetMs);
    const guard = tracer.startSpan(
      policy.spanName ?? 'guard',
      {
        kind: SpanKind.INTERNAL,
        startTime: guardStart,
        attributes: policy.attributes,
      },
      parent,
    );
    guard.end(guardStart + Math.max(1, Math.min(40, request.llmOffsetMs - 2)));
    spans++;
  }

  const chatStart = request.startMs + request.llmOffsetMs;
  const attributes: Attributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': request.provider,
    'gen_ai.request.model': request.model,
    'gen_ai.response.model': request.model,
    'gen_ai.usage.input_tokens': request.inputTokens,
    'gen_ai.usage.output_tokens': request.outputTokens,
    'enduser.id': request.userId,
    'trellis.prompt.hash': request.promptHash,
  };
  if (request.cachedInputTokens > 0)
    attributes['gen_ai.usage.cache_read.input_tokens'] =
      request.cachedInputTokens;
  if (request.finishReasons.length > 0)
    attributes['gen_ai.response.finish_reasons'] = request.finishReasons;
  if (request.costUsd !== undefined)
    attributes['gen_ai.usage.cost'] = request.costUsd;
  if (app.template) attributes['trellis.template.ref'] = app.template;
  if (request.error) attributes['error.type'] = request.error.type;
  const chat = tracer.startSpan(
    `chat ${request.model}`,
    { kind: SpanKind.CLIENT, startTime: chatStart, attributes },
    parent,
  );
  if (policy?.style === 'trellis') {
    chat.addEvent(
      'trellis.policy',
      policy.attributes,
      chatStart + Math.min(15, request.llmDurationMs),
    );
  }
  if (request.error)
    chat.setStatus({
      code: SpanStatusCode.ERROR,
      message: request.error.message,
    });
  chat.end(chatStart + request.llmDurationMs);
  root.end(request.startMs + request.durationMs);
  return spans;
}

/** Says what went wrong in words an operator can act on. */
function describeExportError(error: unknown, url: string): string {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 401 || code === 403) {
    return (
      `HTTP ${code} ${message}: the receiver refused the token. Use a token from the portal's ` +
      `backend.auth.externalAccess (trellis-dev-otlp-token in the example portal)`
    );
  }
  if (code === 404)
    return `HTTP 404: nothing answers at ${url}. Is the Trellis OTLP receiver (POST /api/microapps/v1/traces) installed?`;
  if (code === 413)
    return `HTTP 413: the receiver's body limit is below one batch of 512 spans`;
  if (typeof code === 'number') return `HTTP ${code} ${message}`;
  if (code === 'ECONNREFUSED')
    return `could not connect to ${url}: is the portal backend running?`;
  return message;
}

const nextTick = () => new Promise<void>(resolve => setImmediate(resolve));

/**
 * Sends backdated traffic for every example micro-app (and one shadow app)
 * through the real OpenTelemetry SDK and OTLP/HTTP exporter, so that cost,
 * usage and violation views have history. Spans are generated and ended one
 * app and day at a time and flushed as they go, so memory stays small.
 *
 * @throws TrafficExportError when the receiver rejects spans (wrong token,
 * no receiver, backend down); nothing more is sent after the first failure.
 */
export async function sendExampleTraffic(
  options: SendExampleTrafficOptions,
): Promise<SendExampleTrafficResult> {
  const started = Date.now();
  const catalog =
    options.catalog ??
    (await loadExampleCatalog({ examplesDir: options.examplesDir }));
  const plan = planTraffic({
    apps: catalog.apps,
    models: catalog.models,
    now: options.now,
    days: options.days,
    seed: options.seed,
    scale: options.scale,
    budgetApp: options.budgetApp,
  });

  const totals = { traces: 0, spans: 0, genAiSpans: 0 };
  const exporters: CountingSpanExporter[] = [];
  let failure: unknown;
  const exportedSpans = () => exporters.reduce((sum, e) => sum + e.exported, 0);
  const failedSpans = () => exporters.reduce((sum, e) => sum + e.failed, 0);
  const stopped = () =>
    failure !== undefined || options.signal?.aborted === true;

  const sendApp = async (app: PlannedApp) => {
    const exporter = new CountingSpanExporter(
      new OTLPTraceExporter({
        url: options.url,
        headers: {
          Authorization: `Bearer ${
            options.tokenFor?.(app.name) ?? options.token
          }`,
        },
        timeoutMillis: 30_000,
        concurrencyLimit: 16,
      }),
      error => {
        failure ??= error;
      },
    );
    exporters.push(exporter);
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes(app.resourceAttributes),
      sampler: new AlwaysOnSampler(),
      spanProcessors: [
        new BatchSpanProcessor(exporter, {
          maxQueueSize: 100_000,
          maxExportBatchSize: 512,
          scheduledDelayMillis: 100,
          exportTimeoutMillis: 60_000,
        }),
      ],
    });
    const tracer = provider.getTracer(TRACER_NAME, TRACER_VERSION);
    let ended = 0;
    try {
      for (let day = 0; day < plan.dayCount && !stopped(); day++) {
        for (const request of plan.requestsFor(app, day)) {
          ended += emitRequest(tracer, app, request);
          totals.traces++;
          totals.genAiSpans++;
          // A busy day must not pile up exports: a flush sends what is
          // pending in a few requests and waits for the receiver's answers.
          if (
            ended - exporter.exported - exporter.failed >=
            FLUSH_AT_PENDING_SPANS
          ) {
            await provider.forceFlush().catch(() => undefined);
          }
        }
        await nextTick();
      }
      await provider.forceFlush().catch(() => undefined);
    } finally {
      totals.spans += ended;
      await provider.shutdown().catch(() => undefined);
    }
  };

  const queue = [...plan.apps];
  let appsDone = 0;
  const worker = async () => {
    for (let app = queue.shift(); app && !stopped(); app = queue.shift()) {
      await sendApp(app);
      appsDone++;
      options.onProgress?.({
        app: app.name,
        appsDone,
        appsTotal: plan.apps.length,
        spans: totals.spans,
        genAiSpans: totals.genAiSpans,
        exportedSpans: exportedSpans(),
      });
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker),
  );

  if (failure !== undefined) {
    throw new TrafficExportError(
      `The OTLP receiver at ${
        options.url
      } did not accept the example traffic: ${describeExportError(
        failure,
        options.url,
      )} ` +
        `(${exportedSpans()} of ${
          totals.spans
        } spans exported before it stopped)`,
      exportedSpans(),
      failedSpans(),
      failure,
    );
  }
  if (options.signal?.aborted) {
    throw new TrafficExportError(
      `Sending example traffic was stopped after ${exportedSpans()} spans`,
      exportedSpans(),
      0,
    );
  }
  if (exportedSpans() < totals.spans) {
    throw new TrafficExportError(
      `Only ${exportedSpans()} of ${
        totals.spans
      } spans were exported; the others were dropped`,
      exportedSpans(),
      totals.spans - exportedSpans(),
    );
  }
  return {
    apps: plan.apps.length,
    traces: totals.traces,
    spans: totals.spans,
    genAiSpans: totals.genAiSpans,
    exportedSpans: exportedSpans(),
    from: plan.from,
    to: plan.now,
    budgetOverrun: plan.budgetOverrun,
    durationMs: Date.now() - started,
  };
}
