import type { ModelCatalogEntry } from '@trellis/plugin-microapps-common';
import { modelSwitchHint } from './modelSwitch';
import { EMPTY_SUMS } from './usageSums';

const entry = (
  id: string,
  provider: string,
  hosting: ModelCatalogEntry['hosting'],
  status: ModelCatalogEntry['status'],
  inputPer1M: number,
  outputPer1M: number,
): ModelCatalogEntry => ({
  id,
  provider,
  hosting,
  status,
  pricing: { inputPer1M, outputPer1M },
});

const catalog = [
  entry('big', 'azure', 'enterprise', 'approved', 10, 30),
  entry('mini', 'azure', 'enterprise', 'approved', 1, 3),
  entry('cheapest', 'azure', 'enterprise', 'restricted', 0.1, 0.1),
  entry('other-ent', 'bedrock', 'enterprise', 'approved', 2, 4),
  entry('public-cheap', 'openai', 'public', 'approved', 0.01, 0.01),
];
// 2M input and 1M output tokens over 10 days of a 30-day month.
const sums = { ...EMPTY_SUMS, inputTokens: 2_000_000, outputTokens: 1_000_000 };

describe('modelSwitchHint', () => {
  it('offers the cheapest approved model of the same provider or hosting', () => {
    // big: 2 × $10 + 1 × $30 = $50; mini: 2 × $1 + 1 × $3 = $5 (saves $45);
    // other-ent (enterprise too): 2 × $2 + 1 × $4 = $8 (saves $42);
    // cheapest is restricted and public-cheap is public: not offered.
    // $45 over 10 days × 30/10 = $135 a month.
    expect(modelSwitchHint('big', sums, catalog, 3)).toEqual({
      model: 'mini',
      monthlySavingUsd: 135,
      sameProvider: true,
    });
  });

  it('offers nothing when no approved model is cheaper or the model is unknown', () => {
    expect(modelSwitchHint('public-cheap', sums, catalog, 3)).toBeUndefined();
    expect(modelSwitchHint('homegrown', sums, catalog, 3)).toBeUndefined();
  });
});
