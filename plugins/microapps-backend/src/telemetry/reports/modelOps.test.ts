import type { ModelCatalogEntry } from '@trellis/plugin-microapps-common';
import { EMPTY_SUMS } from './usageSums';
import { modelOpsFigures } from './modelOps';

const catalog: ModelCatalogEntry[] = [
  {
    id: 'cached-model',
    provider: 'p',
    status: 'approved',
    hosting: 'enterprise',
    pricing: { inputPer1M: 2.5, outputPer1M: 10, cachedInputPer1M: 1.25 },
  },
  {
    id: 'no-cache-price',
    provider: 'p',
    status: 'approved',
    hosting: 'enterprise',
    pricing: { inputPer1M: 1, outputPer1M: 2 },
  },
];

const sums = {
  ...EMPTY_SUMS,
  requests: 200,
  errors: 5,
  inputTokens: 1_000_000,
  cachedInputTokens: 400_000,
};

describe('modelOpsFigures', () => {
  it('computes error rate, cache-hit rate and the cache saving by hand', () => {
    expect(modelOpsFigures('cached-model', sums, catalog)).toEqual({
      errors: 5,
      errorRate: 0.025, // 5 / 200
      cachedInputTokens: 400_000,
      cacheHitRate: 0.4, // 400,000 / 1,000,000
      // 400,000 tokens × ($2.50 − $1.25) per million = $0.50
      cacheSavingUsd: 0.5,
    });
  });

  it('gives no saving without a cached price, and zero rates without usage', () => {
    expect(
      modelOpsFigures('no-cache-price', sums, catalog).cacheSavingUsd,
    ).toBeUndefined();
    expect(modelOpsFigures('unknown', EMPTY_SUMS, catalog)).toEqual({
      errors: 0,
      errorRate: 0,
      cachedInputTokens: 0,
      cacheHitRate: 0,
    });
  });
});
