/*
 * A stand-in micro-app process for the receiver tests: makes spans with the
 * OpenTelemetry SDK and sends the same spans through each of the real OTLP
 * exporters asked for, then prints the export results as JSON.
 *
 * It runs as its own Node process because the exporters load `http` with a
 * dynamic import, which Jest's module sandbox cannot run.
 *
 * stdin: { url, token, resources: [{ resource, spans: SpanSpec[] }], exporters: [{ kind, compression }] }
 */
import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ExportResult } from '@opentelemetry/core';
import { makeSpans, type SpanSpec } from './otelSpans';

interface ChildInput {
  url: string;
  token: string;
  resources: Array<{ resource: Record<string, string>; spans: SpanSpec[] }>;
  exporters: Array<{ kind: 'json' | 'proto'; compression: 'gzip' | 'none' }>;
}

async function main() {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const input: ChildInput = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const spans = input.resources.flatMap(({ resource, spans: specs }) =>
    makeSpans(resource, specs),
  );
  const results: Array<{ code: number; error?: string }> = [];
  for (const { kind, compression } of input.exporters) {
    const config = {
      url: input.url,
      headers: { Authorization: `Bearer ${input.token}` },
      compression: compression as any,
      timeoutMillis: 30_000,
    };
    const exporter =
      kind === 'json'
        ? new OtlpHttpJsonExporter(config)
        : new OtlpProtoExporter(config);
    const result = await new Promise<ExportResult>(resolve =>
      exporter.export(spans, resolve),
    );
    results.push({ code: result.code, error: result.error?.message });
    await exporter.shutdown();
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch(error => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});
