/*
 * The fast-check model of hostile OTLP payloads that otlpHostile.test.ts
 * sends to a real backend: every category is generated, in about the
 * intended shares, the same for the same seed; valid seeds are valid and
 * expected to be accepted; the oracles refuse what the receiver must refuse;
 * sizes are as intended around the body limit.
 */
import fc from 'fast-check';
import { gunzipSync } from 'zlib';
import { ExportTraceServiceRequest } from './telemetry/receiver/otlpMessageTypes';
import {
  HOSTILE_WEIGHTS,
  type HostileModel,
  hostileOtlpModel,
} from './__testUtils__/hostileOtlpArbitraries';
import {
  HOSTILE_CATEGORIES,
  INJECTION_STRINGS,
  JSON_TYPE,
  expectRetyped,
  seedBatches,
} from './__testUtils__/hostileOtlpSeeds';

jest.setTimeout(120_000);

const SEED = 20261123;
const nowMs = Date.UTC(2026, 10, 23, 12);

describe('the hostile OTLP model', () => {
  let model: HostileModel;

  beforeAll(() => {
    model = hostileOtlpModel({ nowMs });
  });

  it('generates every category, in about the intended shares, the same for the same seed', () => {
    const sample = fc.sample(model.payload, { seed: SEED, numRuns: 1_800 });
    const total = Object.values(HOSTILE_WEIGHTS).reduce((a, b) => a + b, 0);
    const off = HOSTILE_CATEGORIES.filter(category => {
      const count = sample.filter(p => p.category === category).length;
      const intended = (HOSTILE_WEIGHTS[category] / total) * sample.length;
      // At-the-limit bodies are shared by compression and oversized.
      return count < intended * 0.5 || count > intended * 1.6;
    });
    expect(off).toEqual([]);
    const again = fc.sample(model.payload, { seed: SEED, numRuns: 1_800 });
    expect(again.map(p => p.name)).toEqual(sample.map(p => p.name));
    expect(again.every((p, i) => p.body.equals(sample[i].body))).toBe(true);
    // A model built again makes the same seeds.
    const seeds = seedBatches(nowMs);
    expect(seedBatches(nowMs)).toEqual(seeds);
  });

  it('sends valid seeds, made by the SDK, expecting them accepted', () => {
    fc.assert(
      fc.property(model.byCategory['valid-seed'], payload => {
        expect(payload.expect).toBe('no-5xx');
        const request =
          payload.contentType === JSON_TYPE
            ? JSON.parse(payload.body.toString('utf8'))
            : ExportTraceServiceRequest.toObject(
                ExportTraceServiceRequest.decode(payload.body),
              );
        expect(request.resourceSpans.length).toBeGreaterThan(0);
        // expectRetyped counts on resource attributes being strings only.
        for (const { resource } of request.resourceSpans)
          for (const { value } of resource.attributes)
            expect(Object.keys(value)).toEqual(['stringValue']);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });

  it('expects a 4xx where the structure of a JSON request is broken, not inside a span', () => {
    const cases: Array<[Array<string | number>, unknown, string]> = [
      [[], 5, '4xx'],
      [['resourceSpans'], null, 'no-5xx'],
      [['resourceSpans'], { 0: {} }, '4xx'],
      [['resourceSpans', 0], [], '4xx'],
      [['resourceSpans', 0, 'resource'], 'x', 'no-5xx'],
      [['resourceSpans', 0, 'resource', 'attributes'], 5, '4xx'],
      [['resourceSpans', 0, 'resource', 'attributes', 0, 'key'], 5, '4xx'],
      [
        ['resourceSpans', 0, 'resource', 'attributes', 0, 'value'],
        null,
        'no-5xx',
      ],
      [['resourceSpans', 0, 'scopeSpans', 0], 'x', '4xx'],
      [['resourceSpans', 0, 'scopeSpans', 0, 'scope'], 'x', 'no-5xx'],
      [['resourceSpans', 0, 'scopeSpans', 0, 'spans'], {}, '4xx'],
      [['resourceSpans', 0, 'scopeSpans', 0, 'spans', 0], 'x', 'no-5xx'],
      [
        ['resourceSpans', 0, 'scopeSpans', 0, 'spans', 0, 'traceId'],
        5,
        'no-5xx',
      ],
    ];
    expect(cases.map(([path, value]) => expectRetyped(path, value))).toEqual(
      cases.map(([, , expected]) => expected),
    );
  });

  it('expects a 4xx for bodies over the limit, bombs included', () => {
    const max = model.maxBodyBytes;
    fc.assert(
      fc.property(model.byCategory.oversized, payload => {
        const size = payload.contentEncoding
          ? gunzipSync(payload.body).length
          : payload.body.length;
        expect(size > max).toBe(payload.expect === '4xx');
      }),
      { seed: SEED, numRuns: 40 },
    );
    const bombs = fc
      .sample(model.byCategory.compression, { seed: SEED, numRuns: 300 })
      .filter(p => p.name.includes('bomb'));
    expect(bombs.length).toBeGreaterThan(0);
    for (const bomb of bombs) {
      expect(bomb.body.length).toBeLessThan(max / 8);
      expect(bomb.expect).toBe('4xx');
    }
  });

  it('sends every classic injection string in every place, and generated ones short and unpadded', () => {
    expect(model.injectionPayloads).toHaveLength(INJECTION_STRINGS.length * 4);
    const generated = fc
      .sample(model.byCategory.injection, { seed: SEED, numRuns: 300 })
      .map(p => p.injection!.text);
    const fresh = generated.filter(text => !INJECTION_STRINGS.includes(text));
    expect(fresh.length).toBeGreaterThan(generated.length / 2);
    for (const text of [...INJECTION_STRINGS, ...generated]) {
      expect(text.trim()).toBe(text);
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThan(200);
    }
  });
});
