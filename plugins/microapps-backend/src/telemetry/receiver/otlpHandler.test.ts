import request from 'supertest';
import { deflateSync, gzipSync } from 'zlib';
import {
  APP_REF,
  bearer,
  bytes,
  FORBIDDEN_KEY,
  jsonBody,
  KEYS,
  protobufBody,
  raw,
  receiverApp,
  summary,
  TRACES,
  truncatedProtobuf,
} from './__testUtils__/otlpReceiverApp';
import { ExportTraceServiceResponse, RpcStatus } from './otlpMessageTypes';

const asApp = bearer('trk_invoices');

/** What the two spans of jsonBody()/protobufBody() decode to. */
const TWO_SPANS = {
  spanCount: 2,
  rejected: [],
  apps: [APP_REF],
  models: ['azure-gpt-4.1-mini', 'azure-gpt-4.1-mini'],
  inputTokens: [1_000, 2_000],
};

describe('OTLP receiver route', () => {
  it('takes OTLP/JSON from an ingest key, hands the spans and the key to ingest, and answers in JSON', async () => {
    const { app, received } = receiverApp();
    const res = await request(app)
      .post(TRACES)
      .set(asApp)
      .type('application/json')
      .serialize(raw)
      .send(jsonBody())
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({});
    expect(received).toHaveLength(1);
    expect(received[0].identity).toEqual(KEYS.trk_invoices);
    expect(summary(received[0].decoded)).toEqual(TWO_SPANS);
  });

  it('takes binary protobuf and answers in protobuf', async () => {
    const { app, received } = receiverApp();
    for (const type of ['application/x-protobuf', 'application/protobuf']) {
      const res = await request(app)
        .post(TRACES)
        .set(bearer('trk_gateway'))
        .type(type)
        .buffer(true)
        .parse(bytes)
        .send(protobufBody())
        .expect(200);
      expect(res.headers['content-type']).toBe('application/x-protobuf');
      expect(
        ExportTraceServiceResponse.toObject(
          ExportTraceServiceResponse.decode(res.body),
        ),
      ).toEqual({});
    }
    expect(received.map(r => r.identity)).toEqual([
      KEYS.trk_gateway,
      KEYS.trk_gateway,
    ]);
    for (const { decoded } of received) {
      expect(summary(decoded)).toEqual(TWO_SPANS);
    }
  });

  it('takes gzip- and deflate-compressed bodies as the same spans', async () => {
    const { app, received } = receiverApp();
    const sends: Array<[string, string, Buffer]> = [
      ['application/json', 'gzip', gzipSync(jsonBody())],
      ['application/x-protobuf', 'gzip', gzipSync(protobufBody())],
      ['application/json', 'deflate', deflateSync(jsonBody())],
      ['application/json', 'GZIP', gzipSync(jsonBody())],
    ];
    for (const [type, encoding, body] of sends) {
      await request(app)
        .post(TRACES)
        .set(asApp)
        .set('Content-Encoding', encoding)
        .type(type)
        .serialize(raw)
        .buffer(true)
        .parse(bytes)
        .send(body)
        .expect(200);
    }
    expect(received.map(r => summary(r.decoded))).toEqual(
      sends.map(() => TWO_SPANS),
    );
  });

  it('answers a partial success that counts and names the spans ingest rejected', async () => {
    const reasons = Array.from(
      { length: 7 },
      (_, i) => `span ${i}: over the daily cap of unknown models`,
    );
    const { app } = receiverApp({
      ingest: async () => ({
        rejected: reasons,
        newSpans: 0,
        duplicateSpans: 0,
        appsWithViolations: [],
      }),
    });
    const json = await request(app)
      .post(TRACES)
      .set(asApp)
      .type('application/json')
      .serialize(raw)
      .send(jsonBody())
      .expect(200);
    expect(json.body).toEqual({
      partialSuccess: {
        rejectedSpans: '7',
        errorMessage: `7 span(s) rejected: ${reasons
          .slice(0, 5)
          .join('; ')}; and 2 more`,
      },
    });
    const protobuf = await request(app)
      .post(TRACES)
      .set(asApp)
      .type('application/x-protobuf')
      .buffer(true)
      .parse(bytes)
      .send(protobufBody())
      .expect(200);
    const answer = ExportTraceServiceResponse.toObject(
      ExportTraceServiceResponse.decode(protobuf.body),
      { longs: String },
    );
    expect(answer.partialSuccess).toEqual({
      rejectedSpans: '7',
      errorMessage: json.body.partialSuccess.errorMessage,
    });
  });

  it('answers 401 to a missing or unknown key and 403 to a key that may not send, before looking at the body', async () => {
    const { app, received } = receiverApp();
    const refusals: Array<[Record<string, string>, number, string]> = [
      [{}, 401, 'The ingest key is unknown or has been revoked'],
      [
        bearer('trk_made-up'),
        401,
        'The ingest key is unknown or has been revoked',
      ],
      [
        { Authorization: 'Basic dHJrOng=' },
        401,
        'The ingest key is unknown or has been revoked',
      ],
      [bearer(FORBIDDEN_KEY), 403, 'This key may not send traces'],
    ];
    for (const [headers, status, message] of refusals) {
      // Even a body the receiver would refuse for its type tells an
      // anonymous caller nothing but that the key is wrong.
      for (const type of ['application/json', 'text/plain']) {
        const res = await request(app)
          .post(TRACES)
          .set(headers)
          .type(type)
          .serialize(raw)
          .send(jsonBody())
          .expect(status);
        expect(res.body.error.message).toBe(message);
      }
    }
    expect(received).toEqual([]);
  });

  it('answers 415 to a media type or a content encoding it does not speak, and ingests nothing', async () => {
    const { app, received } = receiverApp();
    for (const type of ['text/plain', 'application/xml', 'application/jsonl']) {
      const res = await request(app)
        .post(TRACES)
        .set(asApp)
        .type(type)
        .serialize(raw)
        .send(jsonBody())
        .expect(415);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        code: 3,
        message:
          'Content-Type must be application/json or application/x-protobuf (OTLP/HTTP)',
      });
    }
    const br = await request(app)
      .post(TRACES)
      .set(asApp)
      .set('Content-Encoding', 'br')
      .type('application/x-protobuf')
      .buffer(true)
      .parse(bytes)
      .send(protobufBody())
      .expect(415);
    expect(br.headers['content-type']).toBe('application/x-protobuf');
    expect(RpcStatus.toObject(RpcStatus.decode(br.body))).toEqual({
      code: 3,
      message:
        'Content-Encoding "br" is not supported; use gzip, deflate or none',
    });
    expect(received).toEqual([]);
  });

  it("answers 400 in the request's encoding to a body it cannot decode or decompress, and ingests nothing", async () => {
    const { app, received } = receiverApp();
    const badJson = await request(app)
      .post(TRACES)
      .set(asApp)
      .type('application/json')
      .send('{"resourceSpans": [')
      .expect(400);
    expect(badJson.body.code).toBe(3);
    expect(badJson.body.message).toContain('not valid JSON');
    const wrongShape = await request(app)
      .post(TRACES)
      .set(asApp)
      .type('application/json')
      .send({ resourceSpans: { not: 'an array' } })
      .expect(400);
    expect(wrongShape.body.message).toBe('resourceSpans must be an array');
    const badProtobuf = await request(app)
      .post(TRACES)
      .set(asApp)
      .type('application/x-protobuf')
      .buffer(true)
      .parse(bytes)
      .send(truncatedProtobuf())
      .expect(400);
    expect(badProtobuf.headers['content-type']).toBe('application/x-protobuf');
    const status = RpcStatus.toObject(RpcStatus.decode(badProtobuf.body));
    expect(status.code).toBe(3);
    expect(status.message).toContain('not a protobuf');
    const badGzip = await request(app)
      .post(TRACES)
      .set(asApp)
      .set('Content-Encoding', 'gzip')
      .type('application/json')
      .serialize(raw)
      .send(jsonBody())
      .expect(400);
    expect(badGzip.body.message).toMatch(
      /^The gzip body cannot be decompressed/,
    );
    expect(received).toEqual([]);
  });

  it('answers an empty body as an export of nothing, without calling ingest', async () => {
    const { app, received } = receiverApp();
    const res = await request(app)
      .post(TRACES)
      .set(asApp)
      .type('application/json')
      .serialize(raw)
      .send(Buffer.alloc(0))
      .expect(200);
    expect(res.body).toEqual({});
    expect(received).toEqual([]);
  });
});
