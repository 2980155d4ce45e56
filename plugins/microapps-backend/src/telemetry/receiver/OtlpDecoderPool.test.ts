import { decodeOtlpJson } from './decodeOtlpJson';
import {
  OtlpDecoderPool,
  OtlpDecoderUnavailableError,
  OtlpInputError,
} from './OtlpDecoderPool';

jest.setTimeout(60_000);

const span = (n: number) => ({
  traceId: n.toString(16).padStart(32, '0'),
  spanId: n.toString(16).padStart(16, '0'),
  name: 'chat',
  startTimeUnixNano: '1764000000000000000',
  endTimeUnixNano: '1764000001000000000',
  attributes: [
    { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o-mini' } },
    { key: 'gen_ai.usage.input_tokens', value: { intValue: '12' } },
  ],
});
const body = Buffer.from(
  JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: [{ key: 'service.name', value: { stringValue: 'a' } }],
        },
        scopeSpans: [
          { spans: [span(1), span(2), { ...span(3), spanId: 'x' }] },
        ],
      },
    ],
  }),
);
/** Brackets nested a million deep: seconds of work for JSON.parse. */
const nested = Buffer.from(
  `{"resourceSpans":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`,
);

/**
 * Maps as entry lists: what a worker sends is built in Node's own realm, not
 * in the test's, so the test's equality cannot compare Maps across them.
 */
const plain = (value: unknown) =>
  JSON.parse(
    JSON.stringify(value, (_key, v) =>
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      typeof v.entries === 'function'
        ? Array.from(v.entries())
        : v,
    ),
  );

describe('OtlpDecoderPool', () => {
  let pool: OtlpDecoderPool;
  afterEach(async () => {
    await pool?.close();
  });

  it('decodes in a worker thread exactly what decoding in this thread gives', async () => {
    pool = new OtlpDecoderPool({ workers: 2 });
    const decoded = await pool.decode('json', body);
    expect(plain(decoded)).toEqual(plain(decodeOtlpJson(body)));
    expect(decoded.resources[0].resource.get('service.name')).toBe('a');
    expect(decoded.spanCount).toBe(3);
    expect(decoded.rejected).toEqual([
      expect.stringContaining('resourceSpans[0].scopeSpans[0].spans[2].spanId'),
    ]);
    // Many at once, more than there are workers: each gets its own answer.
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => pool.decode('json', body)),
    );
    expect(answers.map(answer => answer.spanCount)).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('fails a body that cannot be decoded with the reason, as the input’s fault', async () => {
    pool = new OtlpDecoderPool({ workers: 1 });
    await expect(
      pool.decode('json', Buffer.from('{"resourceSpans": 7}')),
    ).rejects.toEqual(new OtlpInputError('resourceSpans must be an array'));
    await expect(
      pool.decode('protobuf', Buffer.from([0xff, 0xff])),
    ).rejects.toBeInstanceOf(OtlpInputError);
    // The worker is still there for the next body.
    expect((await pool.decode('json', body)).spanCount).toBe(3);
  });

  it('gives up on a body that takes too long, and decodes the next one with a new worker', async () => {
    pool = new OtlpDecoderPool({ workers: 1, timeoutMs: 50 });
    const slow = pool.decode('json', nested);
    const next = pool.decode('json', body);
    await expect(slow).rejects.toBeInstanceOf(OtlpDecoderUnavailableError);
    await expect(slow).rejects.toThrow('took too long');
    expect((await next).spanCount).toBe(3);
  });

  it('refuses work once closed', async () => {
    pool = new OtlpDecoderPool({ workers: 1 });
    await pool.decode('json', body);
    await pool.close();
    await expect(pool.decode('json', body)).rejects.toBeInstanceOf(
      OtlpDecoderUnavailableError,
    );
  });
});
