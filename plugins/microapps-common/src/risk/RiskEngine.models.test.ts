import type { ModelCatalogEntry } from '../models/ModelCatalog';
import { evaluateRisk, type RiskInput } from './RiskEngine';
import { DEFAULT_RISK_MATRIX } from './RiskMatrix';
import { baseline, models as testModels } from './__testUtils__/riskTestSpecs';

// The default matrix: public model 10, unvetted 15; high from 51 (mediumMax 50).
const price = { inputPer1M: 1, outputPer1M: 2 };
const models: ModelCatalogEntry[] = [
  ...testModels, // ent (approved, enterprise), pub (restricted, public), wild (prohibited, unvetted)
  {
    id: 'deepseek-chat',
    provider: 'deepseek',
    status: 'prohibited',
    hosting: 'public',
    pricing: price,
  },
  {
    id: 'lab',
    provider: 'lab',
    status: 'approved',
    hosting: 'unvetted',
    pricing: price,
  },
];

const score = (spec: Partial<RiskInput>, matrix = DEFAULT_RISK_MATRIX) =>
  evaluateRisk({ ...baseline, ...spec }, { models, matrix });

const sumOf = (result: ReturnType<typeof score>) =>
  result.factors.reduce((total, f) => total + f.points, 0);

describe('prohibited models', () => {
  it('reads a prohibited model as not allowed and raises the tier to high', () => {
    const result = score({ models: ['deepseek-chat'] });
    // 0 data + 0 reach + 0 connectors + 10 public model + 0 dependencies = 10;
    // prohibited model: 51 (high's lowest) − 10 = +41; 10 + 41 = 51, high.
    expect(result.score).toBe(51);
    expect(result.tier).toBe('high');
    expect(sumOf(result)).toBe(51);
    expect(result.factors.find(f => f.factor === 'modelRisk')).toMatchObject({
      points: 10,
      reason: 'Calls deepseek-chat (prohibited, public-hosted)',
    });
    expect(result.factors.find(f => f.factor === 'prohibitedModel')).toEqual({
      factor: 'prohibitedModel',
      points: 41,
      maxPoints: 51,
      reason:
        'deepseek-chat is prohibited in this portal — remove it. An app that declares a prohibited model is at least high risk.',
      hint: 'Remove deepseek-chat from spec.models or replace it with an approved model',
      notAllowed: true,
    });
  });

  it('names every prohibited model once', () => {
    const result = score({ models: ['deepseek-chat', 'ent', 'wild', 'wild'] });
    // worst model wild (unvetted) 15; prohibited: 51 − 15 = +36; total 51.
    expect(result.score).toBe(51);
    const f = result.factors.find(x => x.factor === 'prohibitedModel');
    expect(f?.points).toBe(36);
    expect(f?.reason).toMatch(
      /^deepseek-chat and wild are prohibited in this portal — remove them\./,
    );
  });

  it('adds no points when the score is already high, but still says not allowed', () => {
    const result = score({
      reach: 'team',
      data: { classifications: ['confidential'], pii: 'none' },
      connectors: [{ name: 'wiki', exposure: 'internal', access: 'read' }],
      models: ['wild'],
      dependencies: { risk: 'moderate' },
    });
    // confidential 25 + team 10 + internal connector 8 + unvetted 15 + moderate 5 = 63 ≥ 51: +0.
    expect(result.score).toBe(63);
    expect(sumOf(result)).toBe(63);
    expect(
      result.factors.find(f => f.factor === 'prohibitedModel'),
    ).toMatchObject({ points: 0, notAllowed: true });
  });

  it('counts the prohibited-model points before the raw personal data rule', () => {
    const result = score({
      data: { classifications: ['public'], pii: 'raw' },
      models: ['deepseek-chat'],
    });
    // 10 (public model) + 41 (prohibited) = 51; the raw-PII rule then adds 51 − 51 = 0.
    expect(result.score).toBe(51);
    expect(result.factors.map(f => [f.factor, f.points])).toEqual([
      ['dataSensitivity', 0],
      ['userReach', 0],
      ['integrationExposure', 0],
      ['modelRisk', 10],
      ['dependencyRisk', 0],
      ['prohibitedModel', 41],
      ['override', 0],
    ]);
  });

  it('has no not-allowed factor for restricted or approved models', () => {
    const result = score({ models: ['ent', 'pub'] });
    expect(result.factors.some(f => f.notAllowed)).toBe(false);
    expect(result).toMatchObject({ score: 10, tier: 'low' });
  });
});

describe('unvetted models', () => {
  it('says a model missing from the catalog is unvetted', () => {
    const result = score({ models: ['homegrown-llm'] });
    expect(result.factors.find(f => f.factor === 'modelRisk')?.reason).toBe(
      'Calls homegrown-llm (not in the model catalog, so unvetted)',
    );
    // Unvetted 15; not prohibited, so nothing forces the tier: 15, low.
    expect(result).toMatchObject({ score: 15, tier: 'low' });
  });

  it('says a catalog model on unvetted hosting is unvetted', () => {
    expect(
      score({ models: ['lab'] }).factors.find(f => f.factor === 'modelRisk')
        ?.reason,
    ).toBe('Calls lab (unvetted hosting, never security-reviewed)');
  });

  it('names an unvetted model even when another model scores more', () => {
    const matrix = {
      ...DEFAULT_RISK_MATRIX,
      modelRisk: { enterprise: 0, public: 10, unvetted: 5 },
    };
    const f = score({ models: ['pub', 'homegrown-llm'] }, matrix).factors.find(
      x => x.factor === 'modelRisk',
    );
    expect(f).toMatchObject({
      points: 10,
      reason:
        'Calls pub (public-hosted); also homegrown-llm (not in the model catalog, so unvetted)',
    });
  });
});
