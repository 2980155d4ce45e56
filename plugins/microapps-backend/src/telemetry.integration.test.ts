/*
 * The OTLP receiver end to end: the real OpenTelemetry exporters post to a
 * real backend (real catalog, real auth with an external-access token), and
 * what they sent shows up in the cost, chargeback and violation routes.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { parseModelCatalog } from '@trellis/plugin-microapps-common';
import fs from 'fs';
import type { Knex } from 'knex';
import path from 'path';
import request from 'supertest';
import { gzipSync } from 'zlib';
import { parse as parseYaml } from 'yaml';
import {
  ExportTraceServiceRequest,
  RpcStatus,
} from './telemetry/receiver/otlpMessageTypes';
import {
  type ExporterChoice,
  exportWithRealExporters,
} from './__testUtils__/exportWithRealExporters';
import {
  appResource,
  makeSpans,
  type SpanSpec,
} from './__testUtils__/otelSpans';
import {
  EXAMPLES_DIR,
  EXAMPLE_MICROAPPS_CONFIG,
  startTestPortal,
  waitFor,
} from './__testUtils__/startTestPortal';

jest.setTimeout(180_000);

const TOKEN = 'test-otlp-token-0123456789';
const microapps = parseYaml(fs.readFileSync(EXAMPLE_MICROAPPS_CONFIG, 'utf8'));
const models = parseModelCatalog(microapps.models);
const price = (id: string) => models.find(m => m.id === id)!.pricing;
const today = new Date().toISOString().slice(0, 10);

/** Sends a Buffer body as it is (supertest would encode it as JSON). */
const raw = (body: any) => body;

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'OTLP receiver and telemetry (%s)',
  databaseId => {
    let server: any;
    let stop: () => Promise<void>;
    let url: string;
    let microappsDb: Knex;
    const auth = { Authorization: `Bearer ${TOKEN}` };

    const SUCCESS = { code: 0 };
    /** Sends the spans through each real exporter in turn, from a separate process. */
    const exportWith = (
      exporters: ExporterChoice[],
      resources: Array<{ resource: Record<string, string>; spans: SpanSpec[] }>,
    ) => exportWithRealExporters({ url, token: TOKEN, resources, exporters });

    const costs = async (name: string) =>
      (
        await request(server)
          .get(`/api/microapps/apps/default/${name}/costs`)
          .set(auth)
          .expect(200)
      ).body;
    const violations = async (query: string) =>
      (
        await request(server)
          .get(`/api/microapps/violations?${query}`)
          .set(auth)
          .expect(200)
      ).body;

    beforeAll(async () => {
      const portal = await startTestPortal({
        database: { databases, databaseId },
        catalogFiles: [
          path.join(EXAMPLES_DIR, 'org.yaml'),
          path.join(EXAMPLES_DIR, 'microapps', '*.yaml'),
        ],
        microapps: { ...microapps, marketplace: { refreshIntervalSeconds: 1 } },
        realServices: {
          staticTokens: [{ token: TOKEN, subject: 'otlp-test' }],
        },
        onDatabase: (pluginId, knex) => {
          if (pluginId === 'microapps') microappsDb = knex;
        },
      });
      server = portal.server;
      stop = portal.stop;
      url = `http://127.0.0.1:${server.address().port}/api/microapps/v1/traces`;
      // Attribution needs the marketplace to know the example apps.
      await waitFor(async () => {
        const res = await request(server)
          .get('/api/microapps/apps?limit=1')
          .set(auth);
        return res.status === 200 && res.body.totalItems >= 33
          ? true
          : undefined;
      }, 'the example apps in the marketplace');
    });

    afterAll(async () => {
      await stop?.();
    });

    it('refuses exports without a token or with a wrong one', async () => {
      const body = JSON.stringify({ resourceSpans: [] });
      const withoutToken = await request(server)
        .post('/api/microapps/v1/traces')
        .type('application/json')
        .send(body);
      expect(withoutToken.status).toBe(401);
      const withWrongToken = await request(server)
        .post('/api/microapps/v1/traces')
        .set('Authorization', 'Bearer not-the-token-at-all')
        .type('application/json')
        .send(body);
      expect(withWrongToken.status).toBe(401);
    });

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
        request(server)
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

    it('derives model, budget, privacy and registration violations, and reads reported ones', async () => {
      const results = await exportWith(
        [{ kind: 'json', compression: 'none' }],
        [
          // declared azure-gpt-4.1-mini only
          {
            resource: appResource('invoice-field-extractor'),
            spans: [
              { model: 'bedrock-claude-sonnet-4', input: 10, output: 10 },
            ],
          },
          // production app, restricted model; its month budget ($30) blown
          // at catalog prices (80M input tokens at $0.40 per million: $32);
          // and a self-reported cost that disagrees with the catalog
          {
            resource: appResource('help-center-digest'),
            spans: [
              { model: 'openai-gpt-4o', input: 10, output: 10 },
              { model: 'azure-gpt-4.1-mini', input: 80_000_000, output: 10 },
              { model: 'azure-gpt-4.1-mini', input: 10, output: 10, cost: 5 },
            ],
          },
          {
            resource: appResource('campaign-copy-assistant'),
            spans: [
              { model: 'deepseek-chat', input: 10, output: 10 },
              {
                model: 'azure-gpt-4.1',
                input: 10,
                output: 10,
                events: [
                  {
                    name: 'trellis.policy',
                    attributes: {
                      'trellis.policy.decision': 'redact',
                      'trellis.policy.violation': 'pii_detected',
                      'trellis.policy.rule': 'pii.email',
                    },
                  },
                ],
              },
              {
                model: 'azure-gpt-4.1',
                attributes: {
                  'guard.verdict': 'yes',
                  'guard.classification': 'prompt_injection',
                  'guard.score': 0.97,
                },
              },
              {
                model: 'azure-gpt-4.1',
                attributes: {
                  'gen_ai.guardrail.name': 'egress-filter',
                  'gen_ai.guardrail.status': 'FAILED',
                },
              },
            ],
          },
          // masked PII declared, yet the prompt travels in the span
          {
            resource: appResource('nda-triage'),
            spans: [
              {
                model: 'azure-gpt-4.1-mini',
                input: 10,
                output: 10,
                attributes: { 'gen_ai.input.messages': 'secret prompt text' },
              },
            ],
          },
          // no such MicroApp
          {
            resource: { 'service.name': 'shadow-sql-helper' },
            spans: [
              { model: 'openai-gpt-4o', input: 10, output: 10 },
              { model: 'openai-gpt-4o', input: 10, output: 10 },
            ],
          },
        ],
      );
      expect(results).toEqual([SUCCESS]);

      const byApp = async (name: string) =>
        (await violations(`entityRef=microapp:default/${name}&limit=100`)).items
          .map((v: any) => `${v.type}:${v.rule ?? ''}`)
          .sort();

      expect(await byApp('invoice-field-extractor')).toContain(
        'undeclared_model:bedrock-claude-sonnet-4',
      );
      expect(await byApp('help-center-digest')).toEqual(
        expect.arrayContaining([
          'unapproved_model:openai-gpt-4o',
          'undeclared_model:openai-gpt-4o',
          'budget_exceeded:limits.monthlyBudgetUsd=30',
          'cost_mismatch:azure-gpt-4.1-mini',
        ]),
      );
      expect(await byApp('campaign-copy-assistant')).toEqual(
        expect.arrayContaining([
          'prohibited_model:deepseek-chat',
          'undeclared_model:deepseek-chat',
          'pii_detected:pii.email',
          'prompt_injection:prompt_injection',
          'egress_blocked:egress-filter',
        ]),
      );
      const nda = (
        await violations(
          'entityRef=microapp:default/nda-triage&type=pii_unmasked',
        )
      ).items;
      expect(nda).toHaveLength(1);
      expect(JSON.stringify(nda)).not.toContain('secret prompt text');

      const shadow = await violations('type=unregistered_app');
      expect(shadow.items.map((v: any) => v.entityRef)).toEqual([
        'microapp:default/shadow-sql-helper',
      ]);
      expect(shadow.items[0].detail).toContain('shadow-sql-helper');

      // Another span over budget in the same month adds no second budget violation.
      expect(
        await exportWith(
          [{ kind: 'proto', compression: 'gzip' }],
          [
            {
              resource: appResource('help-center-digest'),
              spans: [{ model: 'azure-gpt-4.1-mini', cost: 2 }],
            },
          ],
        ),
      ).toEqual([SUCCESS]);
      const budget = await violations(
        'entityRef=microapp:default/help-center-digest&type=budget_exceeded',
      );
      expect(budget.totalItems).toBe(1);
      expect(budget.items[0]).toMatchObject({
        severity: 'medium',
        source: 'derived',
      });
      expect(budget.series).toEqual([
        { date: today, type: 'budget_exceeded', count: 1 },
      ]);
    });

    it('answers the OTLP protocol cases in the request encoding', async () => {
      const post = () =>
        request(server).post('/api/microapps/v1/traces').set(auth);
      // An empty request is fine.
      await post()
        .type('application/x-protobuf')
        .send(Buffer.alloc(0))
        .expect(200);
      // Unsupported media type.
      const text = await post().type('text/plain').send('hello').expect(415);
      expect(text.body.message).toContain('application/x-protobuf');
      // Undecodable JSON and protobuf: 400 with a Status in the request's encoding.
      const badJson = await post()
        .type('application/json')
        .send('{"resourceSpans": [')
        .expect(400);
      expect(badJson.headers['content-type']).toContain('application/json');
      expect(badJson.body.message).toContain('not valid JSON');
      const truncated = Buffer.from(
        ExportTraceServiceRequest.encode(
          ExportTraceServiceRequest.fromObject({
            resourceSpans: [
              { scopeSpans: [{ spans: [{ name: 'x'.repeat(50) }] }] },
            ],
          }),
        ).finish(),
      ).subarray(0, 20);
      const badProto = await post()
        .type('application/x-protobuf')
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .send(truncated)
        .expect(400);
      expect(badProto.headers['content-type']).toContain(
        'application/x-protobuf',
      );
      expect((RpcStatus.decode(badProto.body) as any).message).toContain(
        'not a protobuf',
      );
      // Wrong types in the structure name the field.
      const wrongType = await post()
        .type('application/json')
        .send({ resourceSpans: { not: 'an array' } })
        .expect(400);
      expect(wrongType.body.message).toBe('resourceSpans must be an array');
      // A gzip bomb: 64 MiB of zeros in a few kilobytes is stopped at the limit.
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
      expect(bomb.length).toBeLessThan(100_000);
      const tooLarge = await post()
        .type('application/json')
        .set('Content-Encoding', 'gzip')
        .serialize(raw)
        .send(bomb);
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.message).toContain('decompressed body exceeds');
      // Corrupt gzip.
      await post()
        .type('application/json')
        .set('Content-Encoding', 'gzip')
        .serialize(raw)
        .send(Buffer.from('not gzip'))
        .expect(400);
    });

    it('rejects bad spans alone with partialSuccess and keeps the good ones', async () => {
      const name = 'contract-clause-extractor';
      const before = await costs(name);
      const good = makeSpans(appResource(name), [
        { model: 'bedrock-claude-sonnet-4', input: 1_000, output: 100 },
      ]);
      const body = JSON.parse(
        Buffer.from(JsonTraceSerializer.serializeRequest(good)!).toString(
          'utf8',
        ),
      );
      const spans = body.resourceSpans[0].scopeSpans[0].spans;
      spans.push({ ...spans[0], traceId: 'xyz', spanId: spans[0].spanId });
      spans.push({
        ...spans[0],
        spanId: 'ffffffffffffffff',
        attributes: [
          {
            key: 'gen_ai.request.model',
            value: { stringValue: 'azure-gpt-4.1' },
          },
          { key: 'gen_ai.usage.input_tokens', value: { stringValue: 'lots' } },
        ],
      });
      const res = await request(server)
        .post('/api/microapps/v1/traces')
        .set(auth)
        .type('application/json')
        .send(body)
        .expect(200);
      expect(res.body.partialSuccess.rejectedSpans).toBe('2');
      expect(res.body.partialSuccess.errorMessage).toContain(
        'traceId must be 32 hexadecimal digits',
      );
      expect(res.body.partialSuccess.errorMessage).toContain(
        'gen_ai.usage.input_tokens must be a whole number',
      );
      const after = await costs(name);
      expect(after.totals.requests - before.totals.requests).toBe(1);
      expect(after.totalUsd - before.totalUsd).toBeCloseTo(
        (1_000 * 3 + 100 * 15) / 1e6,
        6,
      );
    });

    it('answers 503 with Retry-After when the database cannot take the write, and loses nothing', async () => {
      const name = 'payroll-anomaly-detector';
      const spans = makeSpans(appResource(name), [
        { model: 'bedrock-claude-sonnet-4', input: 2_000, output: 200 },
      ]);
      const body = Buffer.from(
        JsonTraceSerializer.serializeRequest(spans)!,
      ).toString('utf8');
      await microappsDb.schema.renameTable(
        'microapps_usage_daily',
        'microapps_usage_daily_away',
      );
      try {
        const res = await request(server)
          .post('/api/microapps/v1/traces')
          .set(auth)
          .type('application/json')
          .send(body);
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
      } finally {
        await microappsDb.schema.renameTable(
          'microapps_usage_daily_away',
          'microapps_usage_daily',
        );
      }
      // The retry counts, once: the failed attempt committed nothing.
      await request(server)
        .post('/api/microapps/v1/traces')
        .set(auth)
        .type('application/json')
        .send(body)
        .expect(200);
      await request(server)
        .post('/api/microapps/v1/traces')
        .set(auth)
        .type('application/json')
        .send(body)
        .expect(200);
      expect((await costs(name)).totals.requests).toBe(1);
    });

    it('reports costs by team, cost center and model, a chargeback CSV, and 30-day figures in the marketplace', async () => {
      const report = (groupBy: string) =>
        request(server)
          .get(`/api/microapps/costs?groupBy=${groupBy}`)
          .set(auth)
          .expect(200)
          .then(r => r.body);
      const [byApp, byTeam, byCenter, byModel] = await Promise.all(
        ['app', 'team', 'costCenter', 'model'].map(report),
      );
      for (const grouped of [byTeam, byCenter, byModel]) {
        expect(grouped.totalUsd).toBeCloseTo(byApp.totalUsd, 6);
      }
      const finance = byTeam.groups.find(
        (g: any) => g.key === 'group:default/finance-ops',
      );
      expect(finance).toMatchObject({ label: 'finance-ops' });
      expect(finance.budgetUsd).toBeGreaterThan(0);
      expect(byCenter.groups.map((g: any) => g.key)).toContain('CC-4100-FIN');
      expect(byModel.groups.map((g: any) => g.key)).toContain(
        'azure-gpt-4.1-mini',
      );
      expect(
        byTeam.groups.find((g: any) => g.key === '(unregistered)'),
      ).toBeDefined();

      // One team's apps, filtered and totalled by the backend: the same
      // figures as the team's row of the team report.
      const financeApps = await request(server)
        .get('/api/microapps/costs?groupBy=app&owner=finance-ops')
        .set(auth)
        .expect(200)
        .then(r => r.body);
      expect(financeApps.groups.length).toBe(finance.apps);
      expect(financeApps.totalMicros).toBe(finance.costMicros);
      expect(financeApps.totalRequests).toBe(finance.requests);
      for (const group of financeApps.groups) {
        expect(
          byApp.groups.find((g: any) => g.key === group.key),
        ).toMatchObject({ costMicros: group.costMicros });
      }

      const csv = await request(server)
        .get(`/api/microapps/costs/chargeback.csv?month=${today.slice(0, 7)}`)
        .set(auth)
        .expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toBe(
        'month,cost_center,team,app,app_title,requests,input_tokens,output_tokens,cost_usd',
      );
      const invoiceLine = lines.find(line =>
        line.includes('microapp:default/invoice-field-extractor'),
      )!;
      expect(
        invoiceLine.startsWith(
          `${today.slice(0, 7)},CC-4100-FIN,group:default/finance-ops,`,
        ),
      ).toBe(true);
      const csvTotal = lines
        .slice(1)
        .reduce((sum, line) => sum + Number(line.split(',').pop()), 0);
      expect(csvTotal).toBeCloseTo(byApp.totalUsd, 1);

      await request(server)
        .get('/api/microapps/costs?groupBy=region')
        .set(auth)
        .expect(400);
      await request(server)
        .get('/api/microapps/costs/chargeback.csv?month=2026-13')
        .set(auth)
        .expect(400);
      // A day that looks right but is none: a clear 400, not a crash.
      const badDay = await request(server)
        .get('/api/microapps/costs?groupBy=app&from=2026-13-45')
        .set(auth)
        .expect(400);
      expect(badDay.body.error.message).toContain('from');
      await request(server)
        .get('/api/microapps/apps/default/no-such-app/costs')
        .set(auth)
        .expect(404);

      const item = await waitFor(async () => {
        const res = await request(server)
          .get('/api/microapps/apps?q=invoice-field-extractor')
          .set(auth);
        const found = res.body.items?.[0];
        // The index refreshes every second; wait for one after the violations above.
        return found?.requests30d > 0 && found.violations30d > 0
          ? found
          : undefined;
      }, 'the 30-day figures in the marketplace');
      expect(item.cost30dUsd).toBeGreaterThan(0);
      expect(item.users30d).toBe(2);
      expect(item.violations30d).toBe(1); // the undeclared model above
      expect(item.costPerRequestUsd).toBeCloseTo(
        item.cost30dUsd / item.requests30d,
        9,
      );
      // The app's own page shows the same figures as its marketplace row.
      const detail = await request(server)
        .get('/api/microapps/apps/default/invoice-field-extractor')
        .set(auth)
        .expect(200);
      expect(detail.body.usage30d).toEqual({
        cost30dUsd: item.cost30dUsd,
        requests30d: item.requests30d,
        costPerRequestUsd: item.costPerRequestUsd,
        users30d: item.users30d,
        violations30d: item.violations30d,
      });
    });
  },
);
