import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { CountingSpanExporter } from './CountingSpanExporter';
import type { PlannedApp, TrafficPlan } from './planTypes';
import { emitRequest } from './requestSpans';
import type { TrafficRun } from './TrafficRun';

const TRACER_NAME = '@trellis/example-traffic';
const TRACER_VERSION = '0.1.0';
/** Spans waiting for export before generation pauses for a flush; keeps memory small. */
const FLUSH_AT_PENDING_SPANS = 1024;

const nextTick = () => new Promise<void>(resolve => setImmediate(resolve));

/**
 * Sends one app's planned requests, a day at a time, through its own tracer
 * provider (the app's resource) to `exporter`; stops early when the run does.
 */
export async function sendAppTraffic(
  run: TrafficRun,
  plan: TrafficPlan,
  app: PlannedApp,
  exporter: CountingSpanExporter,
): Promise<void> {
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
    for (let day = 0; day < plan.dayCount && !run.stopped(); day++) {
      for (const request of plan.requestsFor(app, day)) {
        ended += emitRequest(tracer, app, request);
        run.totals.traces++;
        run.totals.genAiSpans++;
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
    run.totals.spans += ended;
    await provider.shutdown().catch(() => undefined);
  }
}
