import express from 'express';
import http from 'http';
import type { AddressInfo } from 'net';
import { gzipSync } from 'zlib';
import {
  OtlpBodyError,
  type OtlpBodyLimits,
  readOtlpBody,
} from './readOtlpBody';

const LIMITS: OtlpBodyLimits = {
  maxBytes: 4 * 1024 * 1024,
  maxCompressionRatio: 100,
  timeoutMs: 1_000,
};

/** A server that reads each body with the given limits and answers its size or the error. */
async function server(limits: OtlpBodyLimits) {
  const app = express();
  app.post('/', async (req, res) => {
    try {
      const body = await readOtlpBody(req, limits);
      res.json({ bytes: body.length });
    } catch (error) {
      if (!(error instanceof OtlpBodyError)) throw error;
      res.set('Connection', 'close');
      res.status(error.status).json({ message: error.message });
    }
  });
  const listener = app.listen(0);
  await new Promise(resolve => listener.once('listening', resolve));
  const { port } = listener.address() as AddressInfo;
  return { port, close: () => listener.close() };
}

/** Sends a body in pieces with pauses in between; answers the status and message. */
function send(
  port: number,
  pieces: Buffer[],
  headers: Record<string, string>,
  pauseMs = 0,
): Promise<{ status: number; message?: string; bytes?: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      { port, method: 'POST', path: '/', headers },
      res => {
        answered = true;
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            ...JSON.parse(text),
            ms: Date.now() - started,
          }),
        );
      },
    );
    // Writing on after the server answered and closed is expected here.
    req.on('error', error => {
      if (!answered) reject(error);
    });
    (async () => {
      for (const piece of pieces) {
        if (req.destroyed) return;
        req.write(piece);
        if (pauseMs) await new Promise(r => setTimeout(r, pauseMs));
      }
      req.end();
    })();
  });
}

describe('readOtlpBody', () => {
  let target: Awaited<ReturnType<typeof server>>;
  beforeAll(async () => {
    target = await server(LIMITS);
  });
  afterAll(() => target.close());

  it('stops a small gzip body that would inflate thousands of times, before it is all inflated', async () => {
    // 8 KiB of gzip that inflates to 8 MiB of nested brackets: a ratio of ~1,000.
    const bomb = gzipSync(Buffer.from('['.repeat(8 * 1024 * 1024)), {
      level: 9,
    });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await send(target.port, [bomb], {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
    });
    expect(res.status).toBe(413);
    expect(res.message).toContain(
      'decompresses to more than 100 times its size',
    );
  });

  it('takes ordinary gzip, which compresses 5 to 20 times', async () => {
    const spans = JSON.stringify({
      resourceSpans: Array.from({ length: 2000 }, (_, i) => ({
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: `app-${i}` } },
          ],
        },
        scopeSpans: [
          {
            spans: [
              {
                traceId: `${i}`.padStart(32, '0'),
                name: `span ${Math.random()}`,
              },
            ],
          },
        ],
      })),
    });
    const res = await send(target.port, [gzipSync(Buffer.from(spans))], {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
    });
    expect(res).toMatchObject({ status: 200, bytes: Buffer.byteLength(spans) });
  });

  it('cuts off an upload that does not arrive within the deadline', async () => {
    // One byte every 300 ms: 20 bytes would take 6 s; the deadline is 1 s.
    const pieces = Array.from({ length: 20 }, () => Buffer.from(' '));
    const res = await send(
      target.port,
      pieces,
      { 'Content-Type': 'application/json', 'Content-Length': '20' },
      300,
    );
    expect(res.status).toBe(408);
    expect(res.message).toBe('The body did not arrive within 1 s');
    expect(res.ms).toBeLessThan(3_000);
  });
});
