/*
 * Latency end to end: OTLP/JSON spans with known start and end times, sent
 * to the real receiver of a real backend, come back as p50/p95 per model
 * and for the app in the app's cost report. The expected figures are read
 * off the histogram buckets by hand.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  otlpAuth as auth,
  useTelemetryPortal,
} from '../__testUtils__/telemetryPortal';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

const APP = 'invoice-field-extractor';
const MINI = 'azure-gpt-4.1-mini';
const LARGE = 'azure-gpt-4.1';
const HOUR_MS = 60 * 60 * 1000;

let spanId = 0;
/** A GenAI span of `model` from `startMs` to `endMs`, as OTLP/JSON. */
function span(model: string, startMs: number, endMs: number) {
  spanId += 1;
  const id = String(spanId).padStart(16, '0');
  return {
    traceId: `${'ab'.repeat(8)}${id}`,
    spanId: id,
    name: `chat ${model}`,
    kind: 3,
    startTimeUnixNano: String(startMs * 1_000_000),
    endTimeUnixNano: String(endMs * 1_000_000),
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'gen_ai.request.model', value: { stringValue: model } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: 100 } },
      { key: 'gen_ai.usage.output_tokens', value: { intValue: 10 } },
    ],
  };
}

describe.each(databases.eachSupportedId())(
  'latency in the app cost report (%s)',
  databaseId => {
    const portal = useTelemetryPortal(databases, databaseId);

    it('reports p50 and p95 per model and for the app from the spans’ durations', async () => {
      const start = Date.now() - 2 * HOUR_MS;
      const lasting = (model: string, ms: number) =>
        span(model, start, start + ms);
      const spans = [
        lasting(MINI, 50),
        lasting(MINI, 80),
        lasting(MINI, 150),
        lasting(MINI, 200),
        lasting(LARGE, 3_000),
        lasting(LARGE, 90_000),
        // Not durations: ends before it starts, lasts two hours. Their usage counts.
        span(LARGE, start, start - 500),
        lasting(LARGE, 2 * HOUR_MS),
      ];
      await request(portal.server)
        .post('/api/microapps/v1/traces')
        .set(auth)
        .send({
          resourceSpans: [
            {
              resource: {
                attributes: [
                  { key: 'service.name', value: { stringValue: APP } },
                  {
                    key: 'trellis.microapp.ref',
                    value: { stringValue: `microapp:default/${APP}` },
                  },
                ],
              },
              scopeSpans: [{ spans }],
            },
          ],
        })
        .expect(200);

      const costs = await portal.costs(APP);
      const model = (id: string) =>
        costs.byModel.find((m: { model: string }) => m.model === id);

      // mini: 2 spans ≤100 ms, 2 in (100, 250]. p50: rank 2, the top of the
      // first bucket: 100. p95: rank 3.8, 1.8 of 2 into (100, 250]: 235.
      expect(model(MINI).requests).toBe(4);
      expect(model(MINI).latency).toEqual({
        samples: 4,
        p50: { ms: 100, lowerBound: false },
        p95: { ms: 235, lowerBound: false },
      });
      // 4.1: 3 s in (2 s, 4 s], 90 s over 60 s. p50: rank 1, the top of
      // (2 s, 4 s]; p95: rank 1.9, in the open bucket: above 60 s.
      expect(model(LARGE).requests).toBe(4);
      expect(model(LARGE).latency).toEqual({
        samples: 2,
        p50: { ms: 4_000, lowerBound: false },
        p95: { ms: 60_000, lowerBound: true },
      });
      // The app: 2 ≤100 ms, 2 in (100, 250], 1 in (2 s, 4 s], 1 over 60 s.
      // p50: rank 3, 1 of 2 into (100, 250]: 175. p95: rank 5.7: above 60 s.
      expect(costs.totals.requests).toBe(8);
      expect(costs.latency).toEqual({
        samples: 6,
        p50: { ms: 175, lowerBound: false },
        p95: { ms: 60_000, lowerBound: true },
      });
    });

    it('says no latency was recorded for an app without spans in the period', async () => {
      const costs = await portal.costs('nda-triage');
      expect(costs.latency).toEqual({ samples: 0 });
    });
  },
);
