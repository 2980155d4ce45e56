import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { CountingSpanExporter } from './CountingSpanExporter';

/** What one run has sent so far, over all apps, and whether it must stop. */
export class TrafficRun {
  readonly totals = { traces: 0, spans: 0, genAiSpans: 0 };
  /** The first export failure; nothing more is sent after it. */
  failure: unknown;
  private readonly exporters: CountingSpanExporter[] = [];

  constructor(private readonly signal?: AbortSignal) {}

  stopped(): boolean {
    return this.failure !== undefined || this.signal?.aborted === true;
  }

  exportedSpans(): number {
    return this.exporters.reduce((sum, e) => sum + e.exported, 0);
  }

  failedSpans(): number {
    return this.exporters.reduce((sum, e) => sum + e.failed, 0);
  }

  /** An OTLP/HTTP exporter for one app's spans; its first failure stops the run. */
  exporterFor(url: string, token: string): CountingSpanExporter {
    const exporter = new CountingSpanExporter(
      new OTLPTraceExporter({
        url,
        headers: { Authorization: `Bearer ${token}` },
        timeoutMillis: 30_000,
        concurrencyLimit: 16,
      }),
      error => {
        this.failure ??= error;
      },
    );
    this.exporters.push(exporter);
    return exporter;
  }
}
