/**
 * The environment lines an OpenTelemetry SDK needs to send the app's traces
 * with this key. Header values are percent-encoded, as the
 * OTEL_EXPORTER_OTLP_HEADERS format requires.
 */
export function otelEnvironment(
  endpoint: string,
  key: string,
  entityRef: string,
): string {
  return [
    `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${endpoint}`,
    `OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20${key}`,
    `OTEL_EXPORTER_OTLP_COMPRESSION=gzip`,
    `OTEL_RESOURCE_ATTRIBUTES=trellis.microapp.ref=${entityRef}`,
  ].join('\n');
}
