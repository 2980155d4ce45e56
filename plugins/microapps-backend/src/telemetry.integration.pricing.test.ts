/*
 * The OTLP receiver end to end, its counting: what the real OpenTelemetry
 * exporters post to a real backend (real catalog, real auth with an
 * external-access token) is priced at catalog prices, and spans sent again
 * are counted once.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { parseModelCatalog } from '@trellis/plugin-microapps-common';
import request from 'supertest';
import {
  appResource,
  makeSpans,
  type SpanSpec,
} from './__testUtils__/otelSpans';
import {
  exampleMicroapps,
  otlpAuth as auth,
  SUCCESS,
  today,
  useTelemetryPortal,
} from './__testUtils__/telemetryPortal';

jest.setTimeout(180_000);

const models = parseModelCatalog(exampleMicroapps.models);
const price = (id: string) => models.find(m => m.id === id)!.pricing;

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'OTLP receiver and telemetry (%s)',
  databaseId => {
    const portal = useTelemetryPortal(databases, databaseId);
    const { costs, exportWith } = portal;

    it('prices what every real exporter delivers, gzip on and off, at catalog prices to the cent', async () => {
      const name = 'invoice-field-extractor';
      const model = 'azure-gpt-4.1-mini';
      const specs: SpanSpec[] = [
        { model, input: 12_345, output: 2_345, user: 'alice@acme.test' },
        {
          model,
          input: 100_000,
          output: 9_999,
          cached: 40_000,
          user: 'bob@acme.test',
        },
        { model, input: 777, output: 55, user: 'alice@acme.test' },
      ];
      const p = price(model);
      const expectedPerBatch = specs.reduce(
        (sum, s) =>
          sum +
          (((s.input ?? 0) - (s.cached ?? 0)) * p.inputPer1M +
            (s.cached ?? 0) * (p.cachedInputPer1M ?? p.inputPer1M) +
            (s.output ?? 0) * p.outputPer1M) /
            1e6,
        0,
      );

      const before = await costs(name);
      let batches = 0;
      for (const kind of ['json', 'proto'] as const) {
        for (const compression of ['none', 'gzip'] as const) {
          // A new process each time: new spans, new ids.
          const results = await exportWith(
            [{ kind, compression }],
            [{ resource: appResource(name), spans: specs }],
          );
          expect(results).toEqual([SUCCESS]);
          batches += 1;
        }
      }
      const after = await costs(name);
      expect(after.totalUsd - before.totalUsd).toBeCloseTo(
        expectedPerBatch * batches,
        2,
      );
      expect(after.totals.requests - before.totals.requests).toBe(
        specs.length * batches,
      );
      const todays = after.daily.filter(
        (d: any) => d.date === today && d.model === model,
      );
      expect(todays).toHaveLength(1);
      expect(todays[0].inputTokens).toBeGreaterThanOrEqual(113_122 * batches);
    });

    it('counts a re-sent batch once', async () => {
      const name = 'expense-report-auditor';
      const spans: SpanSpec[] = [
        { model: 'azure-gpt-4.1', input: 5_000, output: 1_000 },
        { model: 'azure-gpt-4.1', input: 3_000, output: 500 },
      ];
      // The same spans three times, as an exporter retrying would send them.
      const results = await exportWith(
        [
          { kind: 'json', compression: 'gzip' },
          { kind: 'json', compression: 'gzip' },
          { kind: 'proto', compression: 'none' },
        ],
        [{ resource: appResource(name), spans }],
      );
      expect(results).toEqual([SUCCESS, SUCCESS, SUCCESS]);
      const counted = await costs(name);
      expect(counted.totals.requests).toBe(2);
      expect(counted.totalUsd).toBeCloseTo((8_000 * 2 + 1_500 * 8) / 1e6, 9);
    });

    it('counts only the new spans of a batch that repeats some already counted', async () => {
      const name = 'contract-clause-extractor';
      const before = await costs(name);
      const [first, second, third] = makeSpans(appResource(name), [
        { model: 'bedrock-claude-sonnet-4', input: 1_000, output: 100 },
        { model: 'bedrock-claude-sonnet-4', input: 2_000, output: 200 },
        { model: 'bedrock-claude-sonnet-4', input: 4_000, output: 400 },
      ]);
      const send = (spans: (typeof first)[]) =>
        request(portal.server)
          .post('/api/microapps/v1/traces')
          .set(auth)
          .type('application/json')
          .send(
            Buffer.from(JsonTraceSerializer.serializeRequest(spans)!).toString(
              'utf8',
            ),
          )
          .expect(200);
      await send([first]);
      await send([first, second, third]);
      await send([second, third, first]);
      const after = await costs(name);
      expect(after.totals.requests - before.totals.requests).toBe(3);
      expect(after.totalUsd - before.totalUsd).toBeCloseTo(
        (7_000 * 3 + 700 * 15) / 1e6,
        6,
      );
    });
  },
);
