import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type ExampleCatalog, loadExampleCatalog } from './exampleCatalog';
import type { SendExampleTrafficResult } from './sendTraffic';
import { DAY_MS, SHADOW_APP_NAME } from './trafficPlan';

/**
 * Runs the command line (and so sendExampleTraffic with the real SDK and
 * OTLP/HTTP exporter) in its own Node process: the exporter loads `http`
 * with a dynamic import, which Jest's module sandbox cannot run.
 */
function runCli(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.join(__dirname, 'main.ts'),
        ...args,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_ENV: 'test' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}

interface JsonKeyValue {
  key: string;
  value: Record<string, unknown>;
}
interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: JsonKeyValue[];
  events?: Array<{ name: string; attributes?: JsonKeyValue[] }>;
  status?: { code?: number };
}
interface ReceivedSpan extends JsonSpan {
  resource: Record<string, unknown>;
  attrs: Record<string, unknown>;
}

function valueOf(v: Record<string, unknown>): unknown {
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('boolValue' in v) return v.boolValue;
  if ('arrayValue' in v)
    return (
      (v.arrayValue as { values?: Array<Record<string, unknown>> }).values ?? []
    ).map(valueOf);
  return undefined;
}
const toRecord = (kvs: JsonKeyValue[] = []) =>
  Object.fromEntries(kvs.map(kv => [kv.key, valueOf(kv.value)]));

/** A minimal OTLP/HTTP JSON receiver that keeps what it is sent. */
function startOtlpSink(token: string) {
  const spans: ReceivedSpan[] = [];
  const authHeaders: string[] = [];
  const contentTypes: string[] = [];
  let requests = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      requests++;
      authHeaders.push(String(req.headers.authorization));
      contentTypes.push(String(req.headers['content-type']));
      if (req.url !== '/v1/traces' || req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      if (req.headers.authorization !== `Bearer ${token}`) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"code":16,"message":"bad token"}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const rs of body.resourceSpans ?? []) {
        const resource = toRecord(rs.resource?.attributes);
        for (const ss of rs.scopeSpans ?? []) {
          for (const span of ss.spans as JsonSpan[])
            spans.push({ ...span, resource, attrs: toRecord(span.attributes) });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise<{
    url: string;
    spans: ReceivedSpan[];
    authHeaders: string[];
    contentTypes: string[];
    requests: () => number;
    close: () => Promise<void>;
  }>(resolve =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/v1/traces`,
        spans,
        authHeaders,
        contentTypes,
        requests: () => requests,
        close: () => new Promise(done => server.close(() => done())),
      });
    }),
  );
}

const ms = (nanos: string | number) => Number(BigInt(nanos) / 1_000_000n);

describe('sendExampleTraffic', () => {
  let catalog: ExampleCatalog;
  let sink: Awaited<ReturnType<typeof startOtlpSink>>;

  beforeAll(async () => {
    catalog = await loadExampleCatalog();
  });
  beforeEach(async () => {
    sink = await startOtlpSink('test-token');
  });
  afterEach(async () => {
    await sink.close();
  });

  it('sends backdated GenAI traces for every app through the OTLP/HTTP exporter', async () => {
    // Yesterday at noon UTC: the generator sends nothing before working hours,
    // so a run shortly after midnight would span less than the 60 days below.
    const today = new Date();
    const now = new Date(
      Date.UTC(
        today.getUTCFullYear(),
        today.getUTCMonth(),
        today.getUTCDate() - 1,
        12,
      ),
    );
    const run = await runCli([
      '--url',
      sink.url,
      '--token',
      'test-token',
      '--scale',
      '0.03',
      '--seed',
      'e2e',
      '--now',
      now.toISOString(),
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result: SendExampleTrafficResult = JSON.parse(run.stdout);

    expect(sink.contentTypes.every(t => t.startsWith('application/json'))).toBe(
      true,
    );
    expect(sink.authHeaders.every(h => h === 'Bearer test-token')).toBe(true);
    expect(result.spans).toBe(sink.spans.length);
    expect(result.exportedSpans).toBe(sink.spans.length);
    expect(result.apps).toBe(catalog.apps.length + 1);
    expect(result.budgetOverrun?.monthToDateCostUsd).toBeGreaterThan(
      result.budgetOverrun!.budgetUsd,
    );

    const chats = sink.spans.filter(
      s => s.attrs['gen_ai.operation.name'] === 'chat',
    );
    expect(chats).toHaveLength(result.genAiSpans);
    expect(sink.spans.filter(s => !s.parentSpanId)).toHaveLength(result.traces);

    // Backdated across the whole window, nothing in the future.
    const starts = sink.spans.map(s => ms(s.startTimeUnixNano));
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(
      60 * DAY_MS,
    );
    expect(
      Math.max(...sink.spans.map(s => ms(s.endTimeUnixNano))),
    ).toBeLessThanOrEqual(now.getTime() + 1000);

    // Every app that is not a draft sent traffic; the shadow app too, without a MicroApp ref.
    const senders = new Set(sink.spans.map(s => s.resource['service.name']));
    for (const app of catalog.apps.filter(a => a.lifecycle !== 'draft'))
      expect(senders).toContain(app.name);
    const shadow = sink.spans.filter(
      s => s.resource['service.name'] === SHADOW_APP_NAME,
    );
    expect(shadow.length).toBeGreaterThan(0);
    expect(
      shadow.every(s => s.resource['trellis.microapp.ref'] === undefined),
    ).toBe(true);
    const invoice = sink.spans.find(
      s => s.resource['service.name'] === 'invoice-field-extractor',
    )!;
    expect(invoice.resource['trellis.microapp.ref']).toBe(
      'microapp:default/invoice-field-extractor',
    );

    // A chat span: CLIENT child of a SERVER root, with the GenAI attributes.
    const chat = chats.find(
      s =>
        s.resource['service.name'] === 'invoice-field-extractor' &&
        !s.status?.code,
    )!;
    const root = sink.spans.find(s => s.spanId === chat.parentSpanId)!;
    expect(root.kind).toBe(2); // SERVER
    expect(chat.kind).toBe(3); // CLIENT
    expect(chat.name).toBe('chat azure-gpt-4.1-mini');
    expect(chat.attrs).toMatchObject({
      'gen_ai.request.model': 'azure-gpt-4.1-mini',
      'gen_ai.response.model': 'azure-gpt-4.1-mini',
      'gen_ai.provider.name': 'azure.ai.openai',
      'trellis.template.ref': 'template:default/microapp-extractor',
    });
    expect(chat.attrs['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(chat.attrs['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(chat.attrs['gen_ai.response.finish_reasons']).toEqual(
      expect.any(Array),
    );
    expect(chat.attrs['enduser.id']).toEqual(expect.any(String));
    expect(chat.attrs['trellis.prompt.hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(ms(chat.startTimeUnixNano)).toBeGreaterThanOrEqual(
      ms(root.startTimeUnixNano),
    );
    expect(ms(chat.endTimeUnixNano)).toBeLessThanOrEqual(
      ms(root.endTimeUnixNano),
    );

    // Failed calls carry status ERROR; policy events travel as `trellis.policy` span events.
    expect(
      chats.some(
        s => s.status?.code === 2 && typeof s.attrs['error.type'] === 'string',
      ),
    ).toBe(true);
    const policy = chats.flatMap(s =>
      (s.events ?? [])
        .filter(e => e.name === 'trellis.policy')
        .map(e => toRecord(e.attributes)),
    );
    expect(policy.length).toBeGreaterThan(0);
    expect(
      policy.filter(
        e =>
          !['allow', 'deny', 'redact', 'warn'].includes(
            e['trellis.policy.decision'] as string,
          ),
      ),
    ).toEqual([]);
    expect(
      policy.every(
        e =>
          typeof e['trellis.policy.violation'] === 'string' &&
          typeof e['trellis.policy.rule'] === 'string',
      ),
    ).toBe(true);

    // Never prompt or completion content.
    const contentKeys = [
      'gen_ai.input.messages',
      'gen_ai.output.messages',
      'gen_ai.prompt',
      'gen_ai.completion',
      'gen_ai.system_instructions',
    ];
    const keys = new Set(
      sink.spans.flatMap(span => [
        ...Object.keys(span.attrs),
        ...(span.events ?? []).flatMap(e =>
          (e.attributes ?? []).map(a => a.key),
        ),
      ]),
    );
    expect(
      [...keys].filter(
        key =>
          contentKeys.includes(key) ||
          /^gen_ai\.(prompt|completion)\./.test(key),
      ),
    ).toEqual([]);
  });

  it('reports a rejected token as an error that says so, and stops', async () => {
    const run = await runCli([
      '--url',
      sink.url,
      '--token',
      'wrong',
      '--scale',
      '0.02',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /did not accept the example traffic: HTTP 401 .*refused the token/,
    );
    expect(run.stdout).toBe('');
    // It stops at the first failure instead of sending everything.
    expect(sink.requests()).toBeLessThan(20);
    expect(sink.spans).toHaveLength(0);
  });
});
