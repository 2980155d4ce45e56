/*
 * extractSpanRecords, the usage it reads from spans: token counts priced at
 * catalog prices, span-reported costs, users hashed, and numbers parsed
 * strictly.
 */
import { catalogCostMicros } from './catalogCost';
import {
  extract,
  models,
  span,
  types,
} from '../../__testUtils__/spanRecordsKit';

describe('extractSpanRecords', () => {
  it('prices cached input tokens at the cached price and the rest at the input price, in micro-dollars', () => {
    // 1,000 input tokens of which 400 cached, 100 output: 600×2 + 400×0.5 + 100×8 micro-dollars.
    expect(catalogCostMicros('approved-m', 1000, 100, 400, models)).toBe(
      600 * 2 + 400 * 0.5 + 100 * 8,
    );
    // Rounded per call to the micro-dollar: 3 tokens at $0.5 per million is 1.5 µ$.
    expect(catalogCostMicros('approved-m', 1003, 0, 1003, models)).toBe(502);
    expect(
      catalogCostMicros('not-in-catalog', 1000, 100, 0, models),
    ).toBeUndefined();
  });

  it('prices known models from the catalog whatever the span says, and records a cost_mismatch', () => {
    const result = extract({ 'service.name': 'notes' }, [
      // Reports $0.50 where the catalog says 1,000×2 + 10×8 µ$ = $0.002080.
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 10,
        'gen_ai.usage.cost': 0.5,
      }),
      // Zeroes its own cost.
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.cost': 0,
      }),
      // Within the 5 % tolerance.
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.cost': '0.00205',
      }),
    ]);
    expect(result.records.map(r => r.usage?.costMicros)).toEqual([
      2080, 2000, 2000,
    ]);
    expect(result.records.map(r => r.usage?.reportedCostMicros)).toEqual([
      500_000, 0, 2050,
    ]);
    expect(
      result.records.map(r => r.violations.map(v => v.type).join()),
    ).toEqual(['cost_mismatch', 'cost_mismatch', '']);
    expect(result.records[1].violations[0].detail).toBe(
      'The span reported $0.000000 for model "approved-m"; the catalog prices its tokens at $0.002000. Trellis counts the catalog price.',
    );
  });

  it('counts the span-reported cost of a model the catalog does not price', () => {
    const result = extract({ 'service.name': 'notes' }, [
      span({ 'gen_ai.request.model': 'new-model', 'gen_ai.usage.cost': 0.25 }),
      span({ 'gen_ai.request.model': 'new-model' }),
    ]);
    expect(result.records.map(r => r.usage?.costMicros)).toEqual([250_000, 0]);
    expect(types(result)).toEqual(['undeclared_model', 'undeclared_model']);
  });

  it('reads usage, prefers the response model, and hashes users', () => {
    const result = extract({ 'trellis.microapp.ref': 'notes' }, [
      span({
        'gen_ai.request.model': 'approved',
        'gen_ai.response.model': 'approved-m',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 10,
        'enduser.id': 'maya',
      }),
    ]);
    expect(result.rejected).toEqual([]);
    expect(result.records[0].usage).toMatchObject({
      entityRef: 'microapp:default/notes',
      model: 'approved-m',
      hour: '2026-11-02T10',
      day: '2026-11-02',
      inputTokens: 1000,
      costMicros: 2080,
      userHash: 'hash(maya)',
    });
    expect(types(result)).toEqual([]);
  });

  it('rejects a span with impossible usage numbers and names the attribute', () => {
    const result = extract({ 'service.name': 'notes' }, [
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.output_tokens': -5,
      }),
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.cost': 'free',
      }),
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.input_tokens': '1200',
      }),
    ]);
    expect(result.rejected).toHaveLength(2);
    expect(result.rejected[0]).toContain(
      'gen_ai.usage.output_tokens must be a whole number',
    );
    expect(result.rejected[1]).toContain('gen_ai.usage.cost must be a number');
    expect(result.records.map(r => r.usage?.inputTokens)).toEqual([1200]);
  });

  it('parses numbers strictly: an empty, padded or hexadecimal cost is refused, not zero', () => {
    const result = extract(
      { 'service.name': 'notes' },
      ['', ' ', ' 1', '0x10', '1e3', '-0', 'Infinity'].map(cost =>
        span({
          'gen_ai.request.model': 'approved-m',
          'gen_ai.usage.cost': cost,
        }),
      ),
    );
    expect(result.records).toEqual([]);
    expect(result.rejected).toHaveLength(7);
    for (const reason of result.rejected) {
      expect(reason).toContain('gen_ai.usage.cost must be a number');
    }
  });
});
