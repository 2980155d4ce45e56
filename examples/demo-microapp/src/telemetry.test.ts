import {
  InMemorySpanExporter,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { HELP_CENTER_DIGEST } from './manifest';
import {
  CountingSpanExporter,
  DEFAULT_TRACES_ENDPOINT,
  explainExportError,
  microAppResource,
  otlpExporterConfig,
  tracesEndpoint,
} from './telemetry';

describe('otlpExporterConfig', () => {
  it('defaults to the example portal and its development token', () => {
    expect(otlpExporterConfig({})).toEqual({
      url: 'http://localhost:7007/api/microapps/v1/traces',
      headers: { Authorization: 'Bearer trellis-dev-otlp-token' },
    });
  });

  it.each([
    [
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      'http://trellis:7007/api/microapps/v1/traces',
    ],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://collector:4318'],
  ])('leaves the URL to the exporter when %s is set', (name, value) => {
    expect(otlpExporterConfig({ [name]: value })).not.toHaveProperty('url');
  });

  it.each(['OTEL_EXPORTER_OTLP_TRACES_HEADERS', 'OTEL_EXPORTER_OTLP_HEADERS'])(
    'leaves the headers to the exporter when %s is set',
    name => {
      expect(
        otlpExporterConfig({ [name]: 'Authorization=Bearer other' }),
      ).not.toHaveProperty('headers');
    },
  );
});

describe('tracesEndpoint', () => {
  it('resolves the URL as the exporter does', () => {
    expect(tracesEndpoint({})).toBe(DEFAULT_TRACES_ENDPOINT);
    expect(
      tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }),
    ).toBe('http://collector:4318/v1/traces');
    expect(
      tracesEndpoint({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT:
          'http://trellis:7007/api/microapps/v1/traces',
      }),
    ).toBe('http://trellis:7007/api/microapps/v1/traces');
  });
});

describe('microAppResource', () => {
  it('names the MicroApp, its version and template', () => {
    expect(microAppResource(HELP_CENTER_DIGEST, {}).attributes).toMatchObject({
      'service.name': 'help-center-digest',
      'service.version': '1.0.3',
      'trellis.microapp.ref': 'microapp:default/help-center-digest',
      'trellis.template.ref': 'template:default/microapp-summarizer',
    });
  });

  it('takes the service name and the MicroApp ref from the environment', () => {
    expect(
      microAppResource(HELP_CENTER_DIGEST, {
        OTEL_SERVICE_NAME: 'shadow-summarizer',
      }).attributes,
    ).toMatchObject({
      'service.name': 'shadow-summarizer',
      'trellis.microapp.ref': 'microapp:default/shadow-summarizer',
    });
    expect(
      microAppResource(HELP_CENTER_DIGEST, {
        TRELLIS_MICROAPP_REF: 'microapp:finance/close-digest',
      }).attributes,
    ).toMatchObject({
      'service.name': 'help-center-digest',
      'trellis.microapp.ref': 'microapp:finance/close-digest',
    });
  });
});

describe('CountingSpanExporter', () => {
  const spans = (n: number) =>
    Array.from({ length: n }, () => ({} as ReadableSpan));

  it('counts exported spans and passes the result on', async () => {
    const counting = new CountingSpanExporter(new InMemorySpanExporter());
    const result = await new Promise(resolve =>
      counting.export(spans(3), resolve),
    );
    expect(result).toEqual({ code: 0 });
    expect(counting.tally()).toEqual({
      exportedSpans: 3,
      failedSpans: 0,
      lastError: undefined,
    });
  });

  it('counts failed spans, keeps the error and tells the listener', async () => {
    const error = Object.assign(
      new Error('connect ECONNREFUSED 127.0.0.1:7007'),
      { code: 'ECONNREFUSED' },
    );
    const failing: SpanExporter = {
      export: (_, callback) => callback({ code: 1, error }),
      shutdown: () => Promise.resolve(),
    };
    const onFailure = jest.fn();
    const counting = new CountingSpanExporter(failing, onFailure);
    await new Promise(resolve => counting.export(spans(2), resolve));
    expect(counting.tally()).toEqual({
      exportedSpans: 0,
      failedSpans: 2,
      lastError: error,
    });
    expect(onFailure).toHaveBeenCalledWith(error, 2);
  });
});

describe('explainExportError', () => {
  const endpoint = 'http://localhost:7007/api/microapps/v1/traces';
  const withCode = (code: unknown, message = 'failed') =>
    Object.assign(new Error(message), { code });

  it.each([
    [
      withCode('ECONNREFUSED'),
      /Nothing answers at .*\(ECONNREFUSED\)\. Start the example portal with `npm start`/,
    ],
    [
      withCode(401, 'Unauthorized'),
      /refused the token \(HTTP 401\): check OTEL_EXPORTER_OTLP_HEADERS/,
    ],
    [withCode(404, 'Not Found'), /HTTP 404: .* is not an OTLP receiver/],
    [withCode(413), /HTTP 413/],
    [withCode(400, 'Bad Request'), /^HTTP 400: Bad Request\.$/],
    [
      new Error('Export failed with retryable status'),
      /stayed busy or did not answer in time/,
    ],
    [undefined, /^The exporter reported: no reason\.$/],
  ])('explains %s', (error, expected) => {
    expect(explainExportError(error, endpoint)).toMatch(expected);
  });
});
