/*
 * The receiver against a client that lies, on the example portal's own parts
 * and every database TestDatabases reaches: a self-reported cost of zero, a
 * span with thousands of policy events, an app ref that outgrows its column
 * when lower-cased, a batch replayed after the span-key window, numbers
 * written as hex, spans from an app whose kill switch is on, 100,000 spans
 * that each claim a new app and a new model, and uploads that never finish.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import http from 'http';
import type { Knex } from 'knex';
import request from 'supertest';
import {
  EXAMPLE_CATALOG_FILES,
  exampleApps,
  microappsConfig,
  models,
  requestsAs,
  sendTraces,
  signIn,
  startExamplePortal,
} from './__testUtils__/examplePortal';

jest.setTimeout(600_000);

const APP = 'invoice-field-extractor'; // finance-ops (alice), azure-gpt-4.1-mini
const MODEL = 'azure-gpt-4.1-mini';
const APPS = '/api/microapps/apps/default';
const DAY_MS = 86_400_000;
const CAPS = { unregisteredAppsPerDay: 20, unknownModelsPerDay: 50 };

type Attributes = Record<string, string | number>;
interface SpanSpec {
  attributes?: Attributes;
  events?: Attributes[];
  /** Epoch ms; default a second ago. */
  startMs?: number;
}

let spanCounter = 0;
const attributeList = (attributes: Attributes) =>
  Object.entries(attributes).map(([key, value]) => ({
    key,
    value:
      typeof value === 'number'
        ? { intValue: String(value) }
        : { stringValue: value },
  }));

/** An OTLP/JSON request: one resource per entry, its spans as given. */
function traces(
  resources: Array<{ resource?: Attributes; spans: SpanSpec[] }>,
) {
  const now = Date.now();
  return {
    resourceSpans: resources.map(({ resource, spans }) => ({
      resource: { attributes: attributeList(resource ?? {}) },
      scopeSpans: [
        {
          spans: spans.map(span => {
            spanCounter += 1;
            const start = span.startMs ?? now - 1000;
            return {
              traceId: spanCounter.toString(16).padStart(32, '0'),
              spanId: spanCounter.toString(16).padStart(16, '0'),
              name: 'chat',
              startTimeUnixNano: `${start}000000`,
              endTimeUnixNano: `${start + 500}000000`,
              attributes: attributeList(span.attributes ?? {}),
              events: (span.events ?? []).map(attributes => ({
                name: 'trellis.policy',
                timeUnixNano: `${start + 100}000000`,
                attributes: attributeList(attributes),
              })),
            };
          }),
        },
      ],
    })),
  };
}

/** A model call of 1,000 input tokens, as a GenAI span reports it. */
const modelCall = (extra: Attributes = {}): SpanSpec => ({
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': MODEL,
    'gen_ai.usage.input_tokens': 1000,
    'gen_ai.usage.output_tokens': 0,
    ...extra,
  },
});
const pricing = models.find(model => model.id === MODEL)!.pricing!;
/** What the catalog charges for `modelCall()`, in micro-dollars. */
const CALL_MICROS = Math.round(1000 * pricing.inputPer1M);

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'telemetry under attack (%s)',
  databaseId => {
    let server: any;
    let stop: () => Promise<void>;
    let knex: Knex;
    const tokens = new Map<string, string>();
    const as = (user: string) => requestsAs(server, tokens)(user);
    const send = (key: string, body: object) => sendTraces(server, key, body);
    let appKey: string;
    let gatewayKey: string;

    beforeAll(async () => {
      const backend = await startExamplePortal({
        databases,
        databaseId,
        catalogFiles: EXAMPLE_CATALOG_FILES,
        microapps: {
          telemetry: {
            ...microappsConfig.telemetry,
            retention: { spanKeyDays: 7 },
            caps: CAPS,
            maxConcurrentRequests: 4,
            maxConcurrentRequestsPerCaller: 2,
            bodyTimeoutSeconds: 2,
          },
        },
        onDatabase: (pluginId, client) => {
          if (pluginId === 'microapps') knex = client;
        },
      });
      server = backend.server;
      stop = () => backend.stop();
      for (const [user, token] of await signIn(server, ['alice', 'sam']))
        tokens.set(user, token);
      for (let i = 0; ; i++) {
        const res = await as('sam').get('/api/microapps/apps?limit=1');
        if (res.body.totalItems === exampleApps.length) break;
        if (i === 480) throw new Error('the example apps never appeared');
        await new Promise(r => setTimeout(r, 250));
      }
      appKey = (
        await as('alice').post(`${APPS}/${APP}/ingest-keys`, { name: 'app' })
      ).body.key;
      gatewayKey = (
        await as('sam').post('/api/microapps/ingest-keys', {
          name: 'gateway',
          gateway: true,
        })
      ).body.key;
    });

    afterAll(async () => {
      await stop?.();
    });

    const costOf = async () =>
      (await as('sam').get(`${APPS}/${APP}/costs`)).body.totals;
    const violationsOf = async (type: string) =>
      (
        await as('sam').get(
          `/api/microapps/violations?type=${type}&entityRef=microapp:default/${APP}&limit=200`,
        )
      ).body;

    it('charges the catalog price whatever cost a span reports, and records the mismatch', async () => {
      const before = await costOf();
      const mismatchesBefore = (await violationsOf('cost_mismatch')).totalItems;
      const res = await send(
        appKey,
        traces([
          {
            spans: [
              modelCall({ 'gen_ai.usage.cost': '0' }),
              // Within the tolerance (5 %) of the catalog price: no finding.
              modelCall({ 'gen_ai.usage.cost': String(CALL_MICROS / 1e6) }),
            ],
          },
        ]),
      );
      expect(res.status).toBe(200);
      expect(res.body.partialSuccess?.rejectedSpans ?? '0').toBe('0');
      const after = await costOf();
      expect(after.requests).toBe(before.requests + 2);
      expect(Math.round(after.costUsd * 1e6)).toBe(
        Math.round(before.costUsd * 1e6) + 2 * CALL_MICROS,
      );
      const mismatches = await violationsOf('cost_mismatch');
      expect(mismatches.totalItems).toBe(mismatchesBefore + 1);
    });

    it('refuses numbers that are not written plainly, naming the attribute', async () => {
      const before = await costOf();
      const res = await send(
        appKey,
        traces([
          {
            spans: ['0x10', '', ' 1', '1e3'].map(written =>
              modelCall({ 'gen_ai.usage.input_tokens': written }),
            ),
          },
        ]),
      );
      expect(res.status).toBe(200);
      expect(res.body.partialSuccess.rejectedSpans).toBe('4');
      expect(res.body.partialSuccess.errorMessage).toContain(
        'gen_ai.usage.input_tokens',
      );
      expect((await costOf()).requests).toBe(before.requests);
    });

    it('records one violation per type for a span with 3,000 policy events', async () => {
      const before = (await violationsOf('pii_detected')).totalItems;
      const events = Array.from({ length: 3000 }, (_, i) => ({
        'trellis.policy.decision': 'redact',
        'trellis.policy.violation': 'pii_detected',
        'trellis.policy.rule': `pii.rule-${i}`,
      }));
      const res = await send(
        appKey,
        traces([{ spans: [{ ...modelCall(), events }] }]),
      );
      expect(res.status).toBe(200);
      expect((await violationsOf('pii_detected')).totalItems).toBe(before + 1);
    });

    it('rejects the span whose app ref outgrows its column when lower-cased, and keeps the rest of its batch', async () => {
      const before = await costOf();
      // 200 × İ is 200 characters; lower-cased, 400.
      const res = await send(
        gatewayKey,
        traces([
          {
            resource: {
              'trellis.microapp.ref': `microapp:default/${'İ'.repeat(200)}`,
            },
            spans: [modelCall()],
          },
          {
            resource: { 'trellis.microapp.ref': `microapp:default/${APP}` },
            spans: [modelCall()],
          },
        ]),
      );
      expect(res.status).toBe(200);
      expect(res.body.partialSuccess.rejectedSpans).toBe('1');
      expect(res.body.partialSuccess.errorMessage).toContain(
        'trellis.microapp.ref',
      );
      expect((await costOf()).requests).toBe(before.requests + 1);
    });

    it('refuses spans older than the span-key window, so that a replay cannot count twice', async () => {
      const before = await costOf();
      const old = traces([
        { spans: [{ ...modelCall(), startMs: Date.now() - 8 * DAY_MS }] },
      ]);
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await send(appKey, old);
        expect(res.status).toBe(200);
        expect(res.body.partialSuccess.rejectedSpans).toBe('1');
        expect(res.body.partialSuccess.errorMessage).toContain(
          'span-key window',
        );
      }
      expect((await costOf()).requests).toBe(before.requests);
    });

    it('accepts and counts spans of an app whose kill switch is on, as a killed_app_active violation', async () => {
      expect(
        (
          await as('alice').post(`${APPS}/${APP}/kill-switch`, {
            enabled: true,
            reason: 'Leaking invoices',
          })
        ).status,
      ).toBe(200);
      const before = await costOf();
      const res = await send(appKey, traces([{ spans: [modelCall()] }]));
      expect(res.status).toBe(200);
      expect((await costOf()).requests).toBe(before.requests + 1);
      const killed = await violationsOf('killed_app_active');
      expect(killed.totalItems).toBe(1);
      expect(killed.items[0].severity).toBe('high');
      await as('alice').post(`${APPS}/${APP}/kill-switch`, {
        enabled: false,
        reason: 'Fixed',
      });
    });

    it('lets slow uploads of one key take only that key’s slots, and ends them after the body deadline', async () => {
      const { port } = server.address();
      /** A request whose body never arrives in full: it holds a receiver slot. */
      const slowUpload = (key: string) => {
        const req = http.request({
          host: '127.0.0.1',
          port,
          path: '/api/microapps/v1/traces',
          method: 'POST',
          headers: {
            Authorization: `Bearer ${key}`,
            'Content-Type': 'application/json',
            'Content-Length': '100000',
          },
        });
        req.write('{"resourceSpans":[');
        return new Promise<number>(resolve => {
          req.on('response', res => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', () => resolve(0));
        });
      };
      const slow = [slowUpload(appKey), slowUpload(appKey)];
      const oneSpan = () => traces([{ spans: [modelCall()] }]);
      // Once both are being read, the key has no slot left.
      let busy: request.Response | undefined;
      for (let attempt = 0; attempt < 100 && !busy; attempt++) {
        const res = await send(appKey, oneSpan());
        if (res.status === 503) busy = res;
        else await new Promise(r => setTimeout(r, 50));
      }
      expect(busy?.status).toBe(503);
      expect(busy?.headers['retry-after']).toBe('5');
      // Another caller still gets in.
      const other = await send(
        gatewayKey,
        traces([
          {
            resource: { 'trellis.microapp.ref': `microapp:default/${APP}` },
            spans: [modelCall()],
          },
        ]),
      );
      expect(other.status).toBe(200);
      // The slow uploads end at the body deadline, and the key has its slots back.
      expect(await Promise.all(slow)).toEqual([408, 408]);
      expect((await send(appKey, oneSpan())).status).toBe(200);
    });

    it('keeps 100,000 spans with 100,000 made-up apps and models within the caps', async () => {
      const batches = 50;
      const perBatch = 2000;
      let rejected = 0;
      for (let batch = 0; batch < batches; batch++) {
        const spans = Array.from({ length: perBatch }, (_, i) => {
          const n = batch * perBatch + i;
          return {
            resource: { 'trellis.microapp.ref': `microapp:default/fake-${n}` },
            spans: [
              {
                attributes: {
                  'gen_ai.operation.name': 'chat',
                  'gen_ai.request.model': `fake-model-${n}`,
                  'gen_ai.usage.input_tokens': 10,
                  'gen_ai.usage.cost': '0.01',
                },
              },
            ],
          };
        });
        const res = await send(gatewayKey, traces(spans));
        expect(res.status).toBe(200);
        rejected += Number(res.body.partialSuccess?.rejectedSpans ?? 0);
      }
      const admitted = batches * perBatch - rejected;
      // A span needs room under both caps: the smaller one bounds them.
      expect(admitted).toBe(CAPS.unregisteredAppsPerDay);

      const fakeRows = (table: string) =>
        knex(table)
          .where('entity_ref', 'like', 'microapp:default/fake-%')
          .countDistinct({ n: 'entity_ref' })
          .then(([row]) => Number(row.n));
      expect(await fakeRows('microapps_usage_daily')).toBe(
        CAPS.unregisteredAppsPerDay,
      );
      expect(await fakeRows('microapps_usage_hourly')).toBe(
        CAPS.unregisteredAppsPerDay,
      );
      const unregistered = await as('sam').get(
        '/api/microapps/violations?type=unregistered_app&limit=1',
      );
      expect(unregistered.body.totalItems).toBeLessThanOrEqual(
        CAPS.unregisteredAppsPerDay,
      );
      const byApp = await as('sam').get('/api/microapps/costs?groupBy=app');
      expect(byApp.body.totalGroups).toBeLessThanOrEqual(
        exampleApps.length + CAPS.unregisteredAppsPerDay,
      );
      const byModel = await as('sam').get('/api/microapps/costs?groupBy=model');
      expect(byModel.body.totalGroups).toBeLessThanOrEqual(
        models.length + CAPS.unknownModelsPerDay,
      );
      // The spans' key rows: only the admitted ones are remembered.
      const [{ n: spanKeys }] = await knex('microapps_span_keys').count({
        n: '*',
      });
      expect(Number(spanKeys)).toBeLessThan(1000);
    });
  },
);
