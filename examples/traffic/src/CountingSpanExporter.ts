import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Counts what the wrapped exporter reports as exported and as failed. */
export class CountingSpanExporter implements SpanExporter {
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
