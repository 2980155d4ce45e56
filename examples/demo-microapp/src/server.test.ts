import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { context, propagation, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { createSimulatedModel } from './model';
import { createDemoServer, MAX_BODY_BYTES } from './server';
import { createSummarizeHandler, type SummarizeHandler } from './summarize';

describe('createDemoServer', () => {
  let server: Server;
  let baseUrl: string;

  async function start(handler: SummarizeHandler) {
    server = createDemoServer(handler);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  it('answers GET /health', async () => {
    await start(jest.fn());
    const res = await fetch(`${baseUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('passes the body of POST /summarize to the handler and sends its answer', async () => {
    const handler = jest.fn<
      ReturnType<SummarizeHandler>,
      Parameters<SummarizeHandler>
    >(async () => ({
      status: 200,
      body: { summary: 'Short.', redacted: false },
    }));
    await start(handler);
    const res = await fetch(`${baseUrl}/summarize`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"text":"Short. Long.","user":"grace"}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/json; charset=utf-8',
    );
    expect(await res.json()).toEqual({ summary: 'Short.', redacted: false });
    expect(handler.mock.calls[0][0]).toBe(
      '{"text":"Short. Long.","user":"grace"}',
    );
  });

  it('refuses other methods, unknown paths and oversized bodies', async () => {
    await start(jest.fn());
    const get = await fetch(`${baseUrl}/summarize`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect((await fetch(`${baseUrl}/nothing`)).status).toBe(404);
    const big = await fetch(`${baseUrl}/summarize`, {
      method: 'POST',
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
    });
    expect(big.status).toBe(413);
  });

  describe('with a registered tracer provider', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });

    beforeAll(() => provider.register());
    afterAll(async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    });

    it("continues the caller's trace from its traceparent header", async () => {
      await start(
        createSummarizeHandler({
          tracer: provider.getTracer('test'),
          model: createSimulatedModel({
            model: 'azure-gpt-4.1-mini',
            provider: 'azure.ai.openai',
          }),
        }),
      );
      const res = await fetch(`${baseUrl}/summarize`, {
        method: 'POST',
        headers: {
          traceparent:
            '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        },
        body: JSON.stringify({ text: 'Sync is back.', user: 'grace' }),
      });
      expect(res.status).toBe(200);
      const span = exporter
        .getFinishedSpans()
        .find(s => s.name === 'POST /summarize');
      expect(span?.spanContext().traceId).toBe(
        '0af7651916cd43dd8448eb211c80319c',
      );
      expect(span?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    });
  });
});
