import { parseModelCatalog, resolveModel } from './ModelCatalog';

const entry = (fields: Record<string, unknown> = {}) => ({
  id: 'azure-gpt-4.1',
  provider: 'azure',
  status: 'approved',
  hosting: 'enterprise',
  pricing: { inputPer1M: 2, outputPer1M: 8 },
  ...fields,
});

describe('parseModelCatalog', () => {
  it('reads no catalog as an empty one', () => {
    expect(parseModelCatalog(undefined)).toEqual([]);
    expect(parseModelCatalog(null)).toEqual([]);
  });

  it('returns the entries typed, without fields it does not know', () => {
    const catalog = parseModelCatalog([
      entry({ notes: 'ignored' }),
      entry({
        id: 'cached',
        pricing: { inputPer1M: 1, outputPer1M: 0, cachedInputPer1M: 0.5, x: 1 },
      }),
    ]);
    expect(catalog).toEqual([
      entry(),
      entry({
        id: 'cached',
        pricing: { inputPer1M: 1, outputPer1M: 0, cachedInputPer1M: 0.5 },
      }),
    ]);
    expect(Object.keys(catalog[0].pricing)).toEqual([
      'inputPer1M',
      'outputPer1M',
    ]);
    expect(resolveModel('cached', catalog)).toMatchObject({
      known: true,
      hosting: 'enterprise',
    });
    expect(resolveModel('other', catalog)).toEqual({
      id: 'other',
      known: false,
      hosting: 'unvetted',
    });
  });

  it.each([
    ['a map', { a: entry() }, 'microapps.models must be a list of models'],
    ['a null entry', [null], 'microapps.models[0] must be an object'],
    ['a text entry', [entry(), 'gpt'], 'microapps.models[1] must be an object'],
    [
      'a missing id',
      [entry({ id: undefined })],
      'microapps.models[0].id must be a non-empty string',
    ],
    [
      'an empty id',
      [entry({ id: '' })],
      'microapps.models[0].id must be a non-empty string',
    ],
    [
      'a repeated id',
      [entry(), entry({ id: 'other' }), entry()],
      'microapps.models[2].id "azure-gpt-4.1" is listed twice',
    ],
    [
      'a numeric provider',
      [entry({ provider: 5 })],
      'microapps.models[0].provider must be a non-empty string',
    ],
    [
      'an unknown status',
      [entry({ status: 'banned' })],
      'microapps.models[0].status must be one of approved, restricted, prohibited',
    ],
    [
      'an unknown hosting',
      [entry({ hosting: 'cloud' })],
      'microapps.models[0].hosting must be one of enterprise, public, unvetted',
    ],
    [
      'no pricing',
      [entry({ pricing: undefined })],
      'microapps.models[0].pricing.inputPer1M must be a number of USD per million tokens, at least 0',
    ],
    [
      'a pricing that is not a map',
      [entry({ pricing: 'cheap' })],
      'microapps.models[0].pricing.inputPer1M must be a number of USD per million tokens, at least 0',
    ],
    [
      'a negative output price',
      [entry({ pricing: { inputPer1M: 1, outputPer1M: -1 } })],
      'microapps.models[0].pricing.outputPer1M must be a number of USD per million tokens, at least 0',
    ],
    [
      'a price that is not a number',
      [entry({ pricing: { inputPer1M: NaN, outputPer1M: 1 } })],
      'microapps.models[0].pricing.inputPer1M must be a number of USD per million tokens, at least 0',
    ],
    [
      'a cached price given as text',
      [
        entry({
          pricing: { inputPer1M: 1, outputPer1M: 1, cachedInputPer1M: '1' },
        }),
      ],
      'microapps.models[0].pricing.cachedInputPer1M must be a number of USD per million tokens, at least 0',
    ],
  ])('refuses %s, naming the key', (_what, raw, message) => {
    expect(() => parseModelCatalog(raw)).toThrow(new Error(message));
  });
});
