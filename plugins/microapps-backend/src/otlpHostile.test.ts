/*
 * Acceptance: a corpus of more than a thousand mutated and hostile OTLP
 * payloads (truncated protobuf, wrong JSON types, gzip bombs, 100k
 * attributes, huge strings, injection strings, ...) sent to a real backend
 * produces only 4xx answers where the request must be refused, never a 5xx
 * and never a crash; afterwards the receiver still works and counts, and the
 * injection strings were stored verbatim. The corpus itself is checked in
 * otlpHostile.corpus.test.ts.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import fs from 'fs';
import type { Knex } from 'knex';
import path from 'path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { ExportTraceServiceResponse } from './telemetry/receiver/otlpMessageTypes';
import {
  type HostileCorpus,
  type HostilePayload,
  hostileOtlpCorpus,
  storedText,
} from './__testUtils__/hostileOtlpCorpus';
import {
  preview,
  problemsWith,
  rawAnswer,
} from './__testUtils__/otlpAnswerChecks';
import { appResource, makeSpans } from './__testUtils__/otelSpans';
import {
  EXAMPLES_DIR,
  EXAMPLE_MICROAPPS_CONFIG,
  startTestPortal,
  waitFor,
} from './__testUtils__/startTestPortal';

jest.setTimeout(240_000);

const TOKEN = 'hostile-otlp-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };
const TRACES = '/api/microapps/v1/traces';
/** Requests in flight at once; the receiver answers 503 past its own limit (8 by default). */
const CONCURRENCY = 4;
const microapps = parseYaml(fs.readFileSync(EXAMPLE_MICROAPPS_CONFIG, 'utf8'));

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'OTLP receiver under a hostile corpus (%s)',
  databaseId => {
    let server: any;
    let stop: () => Promise<void>;
    let corpus: HostileCorpus;
    let microappsDb: Knex;

    const post = (payload: HostilePayload) => {
      const req = request(server).post(TRACES).set(auth).timeout(60_000);
      if (payload.contentType) req.set('Content-Type', payload.contentType);
      if (payload.contentEncoding)
        req.set('Content-Encoding', payload.contentEncoding);
      return req
        .buffer(true)
        .parse(rawAnswer)
        .serialize((body: any) => body)
        .send(payload.body);
    };
    const get = (url: string) => request(server).get(url).set(auth);

    beforeAll(async () => {
      const started = Date.now();
      corpus = hostileOtlpCorpus({ seed: 20261123, nowMs: Date.now() });
      const portal = await startTestPortal({
        database: { databases, databaseId },
        catalogFiles: [
          path.join(EXAMPLES_DIR, 'org.yaml'),
          path.join(EXAMPLES_DIR, 'microapps', '*.yaml'),
        ],
        // The default body limit stays: the corpus is sized for it. The caps
        // on unregistered apps and unknown models are raised: this test checks
        // that hostile names are stored verbatim (the caps have tests of their own).
        microapps: {
          ...microapps,
          marketplace: { refreshIntervalSeconds: 1 },
          telemetry: {
            caps: {
              unregisteredAppsPerDay: 10_000,
              unknownModelsPerDay: 10_000,
            },
          },
        },
        realServices: {
          staticTokens: [{ token: TOKEN, subject: 'hostile-otlp-test' }],
        },
        onDatabase: (pluginId, knex) => {
          if (pluginId === 'microapps') microappsDb = knex;
        },
      });
      server = portal.server;
      stop = portal.stop;
      // Attribution needs the marketplace to know the example apps.
      await waitFor(async () => {
        const res = await get('/api/microapps/apps?limit=1');
        return res.status === 200 && res.body.totalItems >= 33
          ? true
          : undefined;
      }, 'the example apps in the marketplace');
      // eslint-disable-next-line no-console
      console.info(
        `Hostile corpus of ${
          corpus.payloads.length
        } payloads built and backend started in ${Date.now() - started} ms`,
      );
    });

    afterAll(async () => {
      await stop?.();
    });

    it('answers every payload below 500, refuses the undecodable with 4xx, in the request encoding', async () => {
      const started = Date.now();
      const failures: string[] = [];
      const tally = new Map<
        string,
        { sent: number; failed: number; statuses: Map<number, number> }
      >();
      let next = 0;
      const worker = async () => {
        while (next < corpus.payloads.length) {
          const payload = corpus.payloads[next++];
          let entry = tally.get(payload.category);
          if (!entry) {
            entry = { sent: 0, failed: 0, statuses: new Map() };
            tally.set(payload.category, entry);
          }
          entry.sent += 1;
          let problems: string[];
          let status = 0;
          let answer: Buffer = Buffer.alloc(0);
          try {
            const res = await post(payload);
            status = res.status;
            answer = Buffer.isBuffer(res.body)
              ? res.body
              : Buffer.from(res.text ?? '');
            problems = problemsWith(
              payload,
              status,
              String(res.headers['content-type'] ?? ''),
              answer,
            );
          } catch (error) {
            problems = [`no answer: ${(error as Error).message}`];
          }
          entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
          if (problems.length) {
            entry.failed += 1;
            failures.push(
              `${payload.name} [expect ${
                payload.expect
              }] → ${status}: ${problems.join('; ')}; answer ${preview(
                answer,
              )}`,
            );
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));

      const summary = [...tally.entries()].map(
        ([category, { sent, failed, statuses }]) =>
          `${category}: ${sent} sent, ${failed} failed (${[
            ...statuses.entries(),
          ]
            .sort(([a], [b]) => a - b)
            .map(([s, n]) => `${s}×${n}`)
            .join(' ')})`,
      );
      // eslint-disable-next-line no-console
      console.info(
        `${corpus.payloads.length} hostile payloads in ${
          Date.now() - started
        } ms\n${summary.join('\n')}`,
      );
      const failedCategories = [...tally.entries()]
        .filter(([, { failed }]) => failed > 0)
        .map(
          ([category, { sent, failed }]) =>
            `${category} (${failed} of ${sent})`,
        );
      expect({
        failedCategories,
        failures: failures.slice(0, 100),
        more: Math.max(0, failures.length - 100),
      }).toEqual({ failedCategories: [], failures: [], more: 0 });
    });

    it('stores only what PostgreSQL can hold too: no NUL, no string longer than its column', async () => {
      const problems: string[] = [];
      for (const table of [
        'microapps_violations',
        'microapps_usage_hourly',
        'microapps_usage_daily',
        'microapps_usage_users',
        'microapps_span_keys',
      ]) {
        const columns = await microappsDb(table).columnInfo();
        const rows: Array<Record<string, unknown>> = await microappsDb(
          table,
        ).select();
        for (const [column, info] of Object.entries(columns)) {
          const limit = Number(info.maxLength) || Infinity;
          for (const row of rows) {
            const value = row[column];
            if (typeof value !== 'string') continue;
            // PostgreSQL counts characters (code points).
            const length = [...value].length;
            if (length > limit || value.includes('\u0000')) {
              problems.push(
                `${table}.${column} (limit ${limit}): ${length} characters${
                  value.includes('\u0000') ? ' with a NUL' : ''
                }: ${JSON.stringify(value.slice(0, 80))}`,
              );
            }
          }
        }
      }
      expect(problems.slice(0, 50)).toEqual([]);
    });

    it('stores injection strings verbatim as policy rules, models and service names', async () => {
      const app = `microapp:default/${corpus.injectionApp}`;
      const violations = async (query: string) => {
        const res = await get(`/api/microapps/violations?${query}`).expect(200);
        return res.body.items as Array<{ rule?: string; detail?: string }>;
      };
      const rules = new Set(
        (
          await violations(
            `entityRef=${encodeURIComponent(
              app,
            )}&type=prompt_injection&limit=500`,
          )
        ).map(v => v.rule),
      );
      const undeclared = new Set(
        (
          await violations(
            `entityRef=${encodeURIComponent(
              app,
            )}&type=undeclared_model&limit=500`,
          )
        ).map(v => v.rule),
      );
      const costs = (
        await get(
          `/api/microapps/apps/default/${corpus.injectionApp}/costs`,
        ).expect(200)
      ).body;
      const models = new Set(
        costs.daily.map((d: { model: string }) => d.model),
      );

      const unregistered = await violations('type=unregistered_app&limit=500');
      const missing: string[] = [];
      for (const sent of corpus.injectionStrings) {
        const text = storedText(sent);
        if (!rules.has(text))
          missing.push(`policy rule ${JSON.stringify(text)}`);
        if (!models.has(text))
          missing.push(`cost model ${JSON.stringify(text)}`);
        if (!undeclared.has(text))
          missing.push(`undeclared_model rule ${JSON.stringify(text)}`);
        // Listed by type: an entityRef filter with control characters is refused (400) by design.
        if (!unregistered.some(v => v.detail?.includes(`"${text}"`)))
          missing.push(`service.name ${JSON.stringify(text)}`);
      }
      expect(missing).toEqual([]);
      // The tables the injection strings name are all still there.
      expect(rules.has("'; DROP TABLE microapps_violations; --")).toBe(true);
    });

    it('still answers, accepts and counts a valid batch afterwards', async () => {
      await get('/api/microapps/health').expect(200, { status: 'ok' });
      const name = 'invoice-field-extractor';
      const costs = async () =>
        (await get(`/api/microapps/apps/default/${name}/costs`).expect(200))
          .body;
      const before = await costs();
      const spans = () =>
        makeSpans(appResource(name), [
          { model: 'azure-gpt-4.1-mini', input: 1_000, output: 100 },
        ]);
      const json = await post({
        name: 'valid JSON',
        category: 'valid-seed',
        contentType: 'application/json',
        body: Buffer.from(JsonTraceSerializer.serializeRequest(spans())!),
        expect: 'no-5xx',
      });
      expect(json.status).toBe(200);
      expect(JSON.parse(json.body.toString('utf8'))).toEqual({});
      const proto = await post({
        name: 'valid protobuf',
        category: 'valid-seed',
        contentType: 'application/x-protobuf',
        body: Buffer.from(ProtobufTraceSerializer.serializeRequest(spans())!),
        expect: 'no-5xx',
      });
      expect(proto.status).toBe(200);
      expect(
        ExportTraceServiceResponse.toObject(
          ExportTraceServiceResponse.decode(proto.body),
        ),
      ).toEqual({});
      const after = await costs();
      expect(after.totals.requests - before.totals.requests).toBe(2);
      expect(after.totalUsd).toBeGreaterThan(before.totalUsd);
    });
  },
);
