/*
 * OTLP traffic for the system tests and the load benchmark: batches of GenAI
 * spans with unique trace and span ids whose effect on the cost figures is
 * known in advance, a sender that records what the receiver acknowledged, and
 * readers for the cost totals.
 */
import {
  formatMicros,
  parseModelCatalog,
  TelemetryAttributes as A,
} from '@trellis/plugin-microapps-common';
import fs from 'fs';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import path from 'path';
import { parse as parseYaml } from 'yaml';
import { catalogCostMicros } from '../plugins/microapps-backend/src/telemetry/ingest/catalogCost';
import { type ExampleApp, OTLP_TOKEN, ROOT, sleep } from './backends';

export { type ExampleApp, exampleApps } from './backends';

/** The example portal's model catalog: what the receiver prices spans with. */
const MODELS = parseModelCatalog(
  parseYaml(
    fs.readFileSync(
      path.join(ROOT, 'examples', 'microapps-config.yaml'),
      'utf8',
    ),
  ).models,
);

/** What a set of spans adds to one app's figures. Cost in whole micro-dollars. */
export interface Figures {
  requests: number;
  costMicros: number;
  inputTokens: number;
  outputTokens: number;
}

export const emptyFigures = (): Figures => ({
  requests: 0,
  costMicros: 0,
  inputTokens: 0,
  outputTokens: 0,
});

export function addFigures(
  into: Map<string, Figures>,
  from: Map<string, Figures>,
) {
  for (const [app, figures] of from) {
    const target = into.get(app) ?? emptyFigures();
    target.requests += figures.requests;
    target.costMicros += figures.costMicros;
    target.inputTokens += figures.inputTokens;
    target.outputTokens += figures.outputTokens;
    into.set(app, target);
  }
}

export interface Batch {
  index: number;
  body: string;
  spans: number;
  /** Per app name: what the batch adds once it is counted. */
  figures: Map<string, Figures>;
  /** trace id + span id of every span (the receiver's de-duplication key). */
  spanKeys: string[];
}

/** A seeded PRNG (pure-rand's xoroshiro128+): uniform in [0, 1). */
export function seededRandom(seed: number) {
  const generator = xoroshiro128plus(seed);
  return () =>
    unsafeUniformIntDistribution(0, 0xffffffff, generator) / 0x100000000;
}

const hex = (random: () => number, bytes: number) =>
  Array.from({ length: bytes }, () =>
    Math.floor(random() * 256)
      .toString(16)
      .padStart(2, '0'),
  ).join('');

type Attribute = { key: string; value: Record<string, unknown> };
const str = (key: string, value: string): Attribute => ({
  key,
  value: { stringValue: value },
});
const int = (key: string, value: number): Attribute => ({
  key,
  value: { intValue: String(value) },
});

/**
 * Builds batches of GenAI chat spans as an OpenTelemetry Collector would send
 * them: each batch holds spans of several example apps (one resource per
 * app). Every span counts as one request with tokens, priced by the
 * receiver from the model catalog: the expected cost is known to the
 * micro-dollar, and one span counted twice or lost moves an app's requests
 * and tokens. Trace and span ids are random (unique
 * in practice: 192 random bits per span); the spans start within the minute
 * before `now` unless `spanStart` says otherwise.
 */
export function makeBatches(options: {
  apps: ExampleApp[];
  batches: number;
  spansPerBatch: number;
  seed: number;
  /** The first batch's index (batches are numbered from it). */
  firstIndex?: number;
  now?: number;
  /** A span's start time (epoch ms); by default within the minute before `now`. */
  spanStart?: (random: () => number) => number;
}): Batch[] {
  const random = seededRandom(options.seed);
  const now = options.now ?? Date.now();
  const result: Batch[] = [];
  for (let b = 0; b < options.batches; b++) {
    const index = (options.firstIndex ?? 0) + b;
    const batchApps = Array.from(
      { length: 3 + Math.floor(random() * 6) },
      () => options.apps[Math.floor(random() * options.apps.length)],
    );
    const byApp = new Map<string, unknown[]>();
    const figures = new Map<string, Figures>();
    const spanKeys: string[] = [];
    for (let s = 0; s < options.spansPerBatch; s++) {
      const app = batchApps[Math.floor(random() * batchApps.length)];
      const model = app.models.length
        ? app.models[Math.floor(random() * app.models.length)]
        : 'azure-gpt-4.1-mini';
      const inputTokens = 50 + Math.floor(random() * 4000);
      const outputTokens = 10 + Math.floor(random() * 1000);
      const costMicros =
        catalogCostMicros(model, inputTokens, outputTokens, 0, MODELS) ?? 0;
      const start = Math.floor(
        options.spanStart ? options.spanStart(random) : now - random() * 60_000,
      );
      const span = {
        traceId: hex(random, 16),
        spanId: hex(random, 8),
        name: `chat ${model}`,
        kind: 3,
        startTimeUnixNano: `${start}000000`,
        endTimeUnixNano: `${start + 200 + Math.floor(random() * 2000)}000000`,
        attributes: [
          str(A.operationName, 'chat'),
          str(A.requestModel, model),
          int(A.inputTokens, inputTokens),
          int(A.outputTokens, outputTokens),
          str('enduser.id', `user-${Math.floor(random() * 200)}@example.com`),
        ],
        status: {},
      };
      spanKeys.push(span.traceId + span.spanId);
      const list = byApp.get(app.name) ?? [];
      list.push(span);
      byApp.set(app.name, list);
      const f = figures.get(app.name) ?? emptyFigures();
      f.requests += 1;
      f.costMicros += costMicros;
      f.inputTokens += inputTokens;
      f.outputTokens += outputTokens;
      figures.set(app.name, f);
    }
    const body = JSON.stringify({
      resourceSpans: Array.from(byApp, ([name, spans]) => ({
        resource: {
          attributes: [
            str('service.name', name),
            str(A.microAppRef, `microapp:default/${name}`),
            str('deployment.environment.name', 'production'),
          ],
        },
        scopeSpans: [
          { scope: { name: 'trellis-system-tests', version: '1.0.0' }, spans },
        ],
      })),
    });
    result.push({
      index,
      body,
      spans: options.spansPerBatch,
      figures,
      spanKeys,
    });
  }
  return result;
}

export interface SendResult {
  /** HTTP status, or 0 when no answer arrived (connection refused or reset, timeout). */
  status: number;
  ok: boolean;
  ms: number;
  error?: string;
  retryAfterSeconds?: number;
}

/** One POST to the receiver. A 2xx with rejected spans is reported as an error (the tests send only valid spans). */
export async function postBatch(
  baseUrl: string,
  body: string,
  timeoutMs = 60_000,
): Promise<SendResult> {
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}/api/microapps/v1/traces`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${OTLP_TOKEN}`,
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.ok) {
      const answer = text ? JSON.parse(text) : {};
      if (answer.partialSuccess?.rejectedSpans) {
        return {
          status: response.status,
          ok: false,
          ms,
          error: `rejected spans: ${JSON.stringify(answer.partialSuccess)}`,
        };
      }
      return { status: response.status, ok: true, ms };
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      status: response.status,
      ok: false,
      ms,
      error: text.slice(0, 300),
      retryAfterSeconds:
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } })
      .cause;
    return {
      status: 0,
      ok: false,
      ms: performance.now() - started,
      error: cause?.code ?? cause?.message ?? String(error),
    };
  }
}

/**
 * Sends until the receiver acknowledges, like an OTLP exporter: retries after
 * a 503 (overload or a database failure) or no answer, at most `attempts`
 * times. Other statuses are final. Returns every attempt.
 */
export async function sendUntilAccepted(
  baseUrl: string,
  body: string,
  options: { attempts?: number; retryDelayMs?: number } = {},
): Promise<SendResult[]> {
  const attempts: SendResult[] = [];
  for (let i = 0; i < (options.attempts ?? 20); i++) {
    const result = await postBatch(baseUrl, body);
    attempts.push(result);
    if (result.ok) return attempts;
    if (result.status !== 503 && result.status !== 0) return attempts;
    await sleep(options.retryDelayMs ?? 500);
  }
  return attempts;
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function pool<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok)
    throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Per app name: the figures `GET /costs?groupBy=app` reports (last 30 days). */
export async function costsByApp(
  baseUrl: string,
  token = OTLP_TOKEN,
): Promise<Map<string, Figures>> {
  const report = await getJson<{
    groups: Array<{
      key: string;
      costMicros: number;
      requests: number;
      inputTokens?: number;
      outputTokens?: number;
    }>;
  }>(`${baseUrl}/api/microapps/costs?groupBy=app`, token);
  return new Map(
    report.groups.map(group => [
      group.key.slice(group.key.indexOf('/') + 1),
      {
        requests: group.requests,
        costMicros: group.costMicros,
        inputTokens: group.inputTokens ?? NaN,
        outputTokens: group.outputTokens ?? NaN,
      },
    ]),
  );
}

/** One app's totals from `GET /apps/default/:name/costs` (last 30 days). */
export async function appCosts(
  baseUrl: string,
  name: string,
  token = OTLP_TOKEN,
): Promise<Figures> {
  const costs = await getJson<{
    totals: Omit<Figures, 'costMicros'> & { costMicros: number };
  }>(`${baseUrl}/api/microapps/apps/default/${name}/costs`, token);
  return {
    requests: costs.totals.requests,
    costMicros: costs.totals.costMicros,
    inputTokens: costs.totals.inputTokens,
    outputTokens: costs.totals.outputTokens,
  };
}

/**
 * Compares reported figures with expected ones, app by app: requests, tokens
 * and cost (in micro-dollars) exactly. Returns the differences (empty: equal).
 */
export function compareFigures(
  expected: Map<string, Figures>,
  actual: Map<string, Figures>,
  where: string,
): string[] {
  const problems: string[] = [];
  for (const name of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(name) ?? emptyFigures();
    const got = actual.get(name) ?? emptyFigures();
    const diffs: string[] = [];
    if (got.requests !== want.requests)
      diffs.push(`requests ${got.requests} ≠ ${want.requests}`);
    if (got.costMicros !== want.costMicros) {
      diffs.push(
        `cost $${formatMicros(got.costMicros)} ≠ $${formatMicros(
          want.costMicros,
        )}`,
      );
    }
    if (!Number.isNaN(got.inputTokens) && got.inputTokens !== want.inputTokens)
      diffs.push(`input tokens ${got.inputTokens} ≠ ${want.inputTokens}`);
    if (
      !Number.isNaN(got.outputTokens) &&
      got.outputTokens !== want.outputTokens
    )
      diffs.push(`output tokens ${got.outputTokens} ≠ ${want.outputTokens}`);
    if (diffs.length) problems.push(`${where} ${name}: ${diffs.join(', ')}`);
  }
  return problems;
}

export function sumFigures(figures: Map<string, Figures>): Figures {
  const total = emptyFigures();
  for (const f of figures.values()) {
    total.requests += f.requests;
    total.costMicros += f.costMicros;
    total.inputTokens += f.inputTokens;
    total.outputTokens += f.outputTokens;
  }
  return total;
}
