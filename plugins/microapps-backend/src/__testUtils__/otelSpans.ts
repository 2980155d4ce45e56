import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** One GenAI span to make, in the terms of the telemetry conventions (docs/CONVENTIONS.md). */
export interface SpanSpec {
  model?: string;
  input?: number;
  output?: number;
  cached?: number;
  cost?: number;
  user?: string;
  attributes?: Record<string, string | number | boolean | string[]>;
  events?: Array<{ name: string; attributes: Record<string, string> }>;
  /** Epoch milliseconds; default a minute ago. */
  startTime?: number;
}

/** Finished spans, made by the real OpenTelemetry SDK, from one resource. */
export function makeSpans(
  resource: Record<string, string>,
  specs: SpanSpec[],
): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('trellis-test');
  for (const spec of specs) {
    const start = spec.startTime ?? Date.now() - 60_000;
    const span = tracer.startSpan(`chat ${spec.model ?? ''}`.trim(), {
      startTime: start,
      attributes: {
        ...(spec.model
          ? {
              'gen_ai.operation.name': 'chat',
              'gen_ai.request.model': spec.model,
              'gen_ai.usage.input_tokens': spec.input ?? 0,
              'gen_ai.usage.output_tokens': spec.output ?? 0,
            }
          : {}),
        ...(spec.cached !== undefined
          ? { 'gen_ai.usage.cache_read.input_tokens': spec.cached }
          : {}),
        ...(spec.cost !== undefined ? { 'gen_ai.usage.cost': spec.cost } : {}),
        ...(spec.user ? { 'enduser.id': spec.user } : {}),
        ...spec.attributes,
      },
    });
    for (const event of spec.events ?? [])
      span.addEvent(event.name, event.attributes);
    span.end(start + 1200);
  }
  return memory.getFinishedSpans();
}

export const appResource = (name: string) => ({
  'service.name': name,
  'trellis.microapp.ref': `microapp:default/${name}`,
});
