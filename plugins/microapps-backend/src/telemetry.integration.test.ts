/*
 * The OTLP receiver end to end, its protocol: the real backend (real catalog,
 * real auth with an external-access token) refuses unauthenticated exports,
 * answers malformed, compressed and partly bad requests as OTLP says, in the
 * request's encoding, and asks for a retry when it cannot write.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import request from 'supertest';
import { gzipSync } from 'zlib';
import {
  ExportTraceServiceRequest,
  RpcStatus,
} from './telemetry/receiver/otlpMessageTypes';
import { appResource, makeSpans } from './__testUtils__/otelSpans';
import {
  otlpAuth as auth,
  useTelemetryPortal,
} from './__testUtils__/telemetryPortal';

jest.setTimeout(180_000);

/** Sends a Buffer body as it is (supertest would encode it as JSON). */
const raw = (body: any) => body;

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'OTLP receiver and telemetry (%s)',
  databaseId => {
    const portal = useTelemetryPortal(databases, databaseId);
    const { costs } = portal;

    it('refuses exports without a token or with a wrong one', async () => {
      const body = JSON.stringify({ resourceSpans: [] });
      const withoutToken = await request(portal.server)
        .post('/api/microapps/v1/traces')
        .type('application/json')
        .send(body);
      expect(withoutToken.status).toBe(401);
      const withWrongToken = await request(portal.server)
        .post('/api/microapps/v1/traces')
        .set('Authorization', 'Bearer not-the-token-at-all')
        .type('application/json')
        .send(body);
      expect(withWrongToken.status).toBe(401);
    });

    it('answers the OTLP protocol cases in the request encoding', async () => {
      const post = () =>
        request(portal.server).post('/api/microapps/v1/traces').set(auth);
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
      const res = await request(portal.server)
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
      await portal.microappsDb.schema.renameTable(
        'microapps_usage_daily',
        'microapps_usage_daily_away',
      );
      try {
        const res = await request(portal.server)
          .post('/api/microapps/v1/traces')
          .set(auth)
          .type('application/json')
          .send(body);
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
      } finally {
        await portal.microappsDb.schema.renameTable(
          'microapps_usage_daily_away',
          'microapps_usage_daily',
        );
      }
      // The retry counts, once: the failed attempt committed nothing.
      await request(portal.server)
        .post('/api/microapps/v1/traces')
        .set(auth)
        .type('application/json')
        .send(body)
        .expect(200);
      await request(portal.server)
        .post('/api/microapps/v1/traces')
        .set(auth)
        .type('application/json')
        .send(body)
        .expect(200);
      expect((await costs(name)).totals.requests).toBe(1);
    });
  },
);
