import request from 'supertest';
import { gzipSync } from 'zlib';
import {
  bearer,
  bytes,
  gate,
  jsonBody,
  protobufBody,
  raw,
  receiverApp,
  summary,
  TRACES,
  truncatedProtobuf,
} from './__testUtils__/otlpReceiverApp';
import type { IngestResult } from '../ingest/TelemetryIngest';
import { RpcStatus } from './otlpMessageTypes';
import {
  OtlpDecoderPool,
  OtlpDecoderUnavailableError,
} from './OtlpDecoderPool';

jest.setTimeout(60_000);

const asApp = bearer('trk_invoices');
const asGateway = bearer('trk_gateway');
const BUSY = { code: 14, message: 'The receiver is busy; retry later' };

const postJson = (app: Parameters<typeof request>[0], key = asApp) =>
  request(app)
    .post(TRACES)
    .set(key)
    .type('application/json')
    .serialize(raw)
    .send(jsonBody());

/**
 * An ingest that holds the first request it is handed until `release`, and
 * says when that request has arrived; later requests go straight through.
 */
function holdFirst() {
  const arrived = gate();
  const released = gate();
  let calls = 0;
  return {
    arrived: arrived.opened,
    release: released.open,
    ingest: async (): Promise<IngestResult> => {
      calls += 1;
      if (calls === 1) {
        arrived.open();
        await released.opened;
      }
      return {
        rejected: [],
        newSpans: 2,
        duplicateSpans: 0,
        appsWithViolations: [],
      };
    },
  };
}

describe('OTLP receiver route: limits', () => {
  it('answers 413 to a body over the limit, as declared or once decompressed, closes the connection, and ingests nothing', async () => {
    const { app, received } = receiverApp({ maxBytes: 16 * 1024 });
    const big = Buffer.alloc(32 * 1024, ' ');
    const declared = await request(app)
      .post(TRACES)
      .set(asApp)
      .type('application/json')
      .serialize(raw)
      .send(big)
      .expect(413);
    expect(declared.headers.connection).toBe('close');
    expect(declared.body).toEqual({
      code: 8,
      message: 'The body is 32768 bytes; the limit is 16384 bytes',
    });
    // Small on the wire, large once inflated.
    const inflated = await request(app)
      .post(TRACES)
      .set(asApp)
      .set('Content-Encoding', 'gzip')
      .type('application/x-protobuf')
      .serialize(raw)
      .buffer(true)
      .parse(bytes)
      .send(gzipSync(big))
      .expect(413);
    expect(inflated.headers['content-type']).toBe('application/x-protobuf');
    expect(RpcStatus.toObject(RpcStatus.decode(inflated.body))).toEqual({
      code: 8,
      message: 'The decompressed body exceeds the limit of 16384 bytes',
    });
    expect(received).toEqual([]);
    // A body within the limit is taken.
    await postJson(app).expect(200);
    expect(received).toHaveLength(1);
  });

  it('answers 503 with Retry-After while every slot is taken, and takes requests again once one is free', async () => {
    const held = holdFirst();
    const { app, received } = receiverApp({
      maxConcurrentRequests: 1,
      ingest: held.ingest,
    });
    const first = postJson(app).then(res => res);
    await held.arrived;
    for (const key of [asApp, asGateway]) {
      const busy = await postJson(app, key).expect(503);
      expect(busy.headers['retry-after']).toBe('5');
      expect(busy.body).toEqual(BUSY);
    }
    // In protobuf for a protobuf request.
    const busyProtobuf = await request(app)
      .post(TRACES)
      .set(asGateway)
      .type('application/x-protobuf')
      .buffer(true)
      .parse(bytes)
      .send(protobufBody())
      .expect(503);
    expect(RpcStatus.toObject(RpcStatus.decode(busyProtobuf.body))).toEqual(
      BUSY,
    );
    // Only the request holding the slot reached ingest.
    expect(received).toHaveLength(1);
    held.release();
    expect((await first).status).toBe(200);
    await postJson(app, asGateway).expect(200);
    expect(received).toHaveLength(2);
  });

  it('keeps one caller from taking every slot: its next request is 503, another caller is still served', async () => {
    const held = holdFirst();
    const { app, received } = receiverApp({
      maxConcurrentRequests: 4,
      maxConcurrentRequestsPerCaller: 1,
      ingest: held.ingest,
    });
    const first = postJson(app, asApp).then(res => res);
    await held.arrived;
    const busy = await postJson(app, asApp).expect(503);
    expect(busy.headers['retry-after']).toBe('5');
    await postJson(app, asGateway).expect(200);
    expect(received.map(r => r.identity.keyId)).toEqual([
      'key-invoices',
      'key-gateway',
    ]);
    held.release();
    expect((await first).status).toBe(200);
    await postJson(app, asApp).expect(200);
  });

  it('frees the slot of every request it refuses, so that refusals never lock the receiver', async () => {
    const { app, received } = receiverApp({ maxConcurrentRequests: 1 });
    for (let i = 0; i < 3; i++) {
      await request(app)
        .post(TRACES)
        .set(asApp)
        .type('text/plain')
        .send('hello')
        .expect(415);
      await request(app)
        .post(TRACES)
        .set(asApp)
        .type('application/json')
        .send('{')
        .expect(400);
    }
    expect(received).toEqual([]);
    await postJson(app).expect(200);
    expect(received).toHaveLength(1);
  });

  it('answers 503 with Retry-After when the store cannot take the write, and logs why', async () => {
    const { app, received, logger } = receiverApp({
      ingest: async () => {
        throw new Error('database is locked');
      },
    });
    const res = await postJson(app).expect(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toEqual({
      code: 14,
      message:
        'The telemetry store cannot take the write right now; retry later',
    });
    expect(received).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('database is locked'),
    );
  });

  it("answers 503 when the decoder cannot finish, since it is not the client's fault", async () => {
    const { app, received, logger } = receiverApp({
      decoder: {
        decode: async () => {
          throw new OtlpDecoderUnavailableError(
            'The OTLP decoder is shut down',
          );
        },
        close: async () => {},
      },
    });
    const res = await postJson(app).expect(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toEqual(BUSY);
    expect(received).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('The OTLP decoder is shut down'),
    );
  });

  it('decodes in worker threads, as the plugin does with decodeWorkers above 0', async () => {
    const decoder = new OtlpDecoderPool({ workers: 1 });
    try {
      const { app, received } = receiverApp({ decoder });
      await postJson(app).expect(200);
      await request(app)
        .post(TRACES)
        .set(asApp)
        .type('application/x-protobuf')
        .buffer(true)
        .parse(bytes)
        .send(protobufBody())
        .expect(200);
      expect(received.map(r => summary(r.decoded).inputTokens)).toEqual([
        [1_000, 2_000],
        [1_000, 2_000],
      ]);
      const bad = await request(app)
        .post(TRACES)
        .set(asApp)
        .type('application/x-protobuf')
        .buffer(true)
        .parse(bytes)
        .send(truncatedProtobuf())
        .expect(400);
      expect(RpcStatus.toObject(RpcStatus.decode(bad.body)).message).toContain(
        'not a protobuf',
      );
      expect(received).toHaveLength(2);
    } finally {
      await decoder.close();
    }
  });
});
