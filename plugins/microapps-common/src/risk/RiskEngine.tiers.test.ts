import { evaluateRisk, tierForScore } from './RiskEngine';
import { buildRiskMatrix, DEFAULT_RISK_MATRIX } from './RiskMatrix';
import { baseline, factor, models } from './__testUtils__/riskTestSpecs';

describe('tiers', () => {
  it.each([
    [0, 'low'],
    [20, 'low'],
    [21, 'medium'],
    [50, 'medium'],
    [51, 'high'],
    [100, 'high'],
  ] as const)('score %i is %s', (score, tier) => {
    expect(tierForScore(score)).toBe(tier);
  });

  it('puts real specs on both sides of each boundary', () => {
    // internal data 10 + team 10 = 20
    const twenty = evaluateRisk(
      {
        ...baseline,
        reach: 'team',
        data: { classifications: ['internal'], pii: 'none' },
      },
      { models },
    );
    expect(twenty).toMatchObject({ score: 20, tier: 'low' });
    // internal data 10 + internal write connector 11 = 21
    const twentyOne = evaluateRisk(
      {
        ...baseline,
        reach: 'single-user',
        data: { classifications: ['internal'], pii: 'none' },
        connectors: [{ name: 'crm', exposure: 'internal', access: 'write' }],
      },
      { models },
    );
    expect(twentyOne).toMatchObject({ score: 21, tier: 'medium' });
    // regulated data 40 + team 10 = 50
    const fifty = evaluateRisk(
      {
        ...baseline,
        reach: 'team',
        data: { classifications: ['regulated'], pii: 'none' },
      },
      { models },
    );
    expect(fifty).toMatchObject({ score: 50, tier: 'medium' });
    const sixtyThree = evaluateRisk(
      {
        ...baseline,
        reach: 'team',
        data: { classifications: ['confidential'], pii: 'none' },
        connectors: [{ name: 'crm', exposure: 'internal', access: 'read' }],
        dependencies: { risk: 'moderate' },
        models: ['ent', 'homegrown-llm'],
      },
      { models },
    );
    // confidential 25 + team 10 + internal connector 8 + unvetted model 15 + moderate 5 = 63
    expect(sixtyThree).toMatchObject({ score: 63, tier: 'high' });
    // regulated data 40 + internal write connector 11 = 51
    const exactlyFiftyOne = evaluateRisk(
      {
        ...baseline,
        data: { classifications: ['regulated'], pii: 'none' },
        connectors: [{ name: 'crm', exposure: 'internal', access: 'write' }],
      },
      { models },
    );
    expect(exactlyFiftyOne).toMatchObject({ score: 51, tier: 'high' });
  });
});

describe('the raw-PII rule', () => {
  it('forces at least high when raw personal data reaches a non-enterprise model', () => {
    const result = evaluateRisk(
      {
        ...baseline,
        data: { classifications: ['internal'], pii: 'raw' },
        models: ['pub'],
      },
      { models },
    );
    // internal 10 + public model 10 = 20 would be low.
    expect(result.tier).toBe('high');
    expect(result.score).toBe(51);
    const override = result.factors.find(f => f.factor === 'override');
    expect(override).toMatchObject({ points: 31 });
    expect(override?.reason).toContain('pub');
    expect(override?.hint).toContain('data.pii: masked');
  });

  it('treats an unknown model as non-enterprise', () => {
    const result = evaluateRisk(
      {
        ...baseline,
        data: { classifications: ['public'], pii: 'raw' },
        models: ['mystery'],
      },
      { models },
    );
    expect(result.tier).toBe('high');
  });

  it('adds no points to an app that is already high', () => {
    const result = evaluateRisk(
      {
        ...baseline,
        reach: 'org-wide',
        data: { classifications: ['regulated'], pii: 'raw' },
        models: ['pub'],
      },
      { models },
    );
    expect(result.score).toBe(70);
    expect(result.factors.find(f => f.factor === 'override')?.points).toBe(0);
  });

  it('does not apply with enterprise models only, nor with masked data', () => {
    const enterpriseOnly = evaluateRisk(
      {
        ...baseline,
        data: { classifications: ['internal'], pii: 'raw' },
        models: ['ent'],
      },
      { models },
    );
    expect(enterpriseOnly).toMatchObject({ score: 10, tier: 'low' });
    expect(enterpriseOnly.factors.some(f => f.factor === 'override')).toBe(
      false,
    );
    const masked = evaluateRisk(
      {
        ...baseline,
        data: { classifications: ['internal'], pii: 'masked' },
        models: ['pub'],
      },
      { models },
    );
    expect(masked).toMatchObject({ score: 20, tier: 'low' });
  });
});

describe('config overrides', () => {
  it('uses overridden points and tier boundaries', () => {
    const matrix = buildRiskMatrix({
      dataSensitivity: { regulated: 60 },
      modelRisk: { public: 30 },
      tiers: { lowMax: 10, mediumMax: 70 },
    });
    expect(matrix.dataSensitivity).toEqual({
      ...DEFAULT_RISK_MATRIX.dataSensitivity,
      regulated: 60,
    });
    const result = evaluateRisk(
      { ...baseline, data: { classifications: ['regulated'], pii: 'none' } },
      { models, matrix },
    );
    expect(result).toMatchObject({ score: 60, tier: 'medium' });
    expect(
      evaluateRisk({ ...baseline, models: ['pub'] }, { models, matrix }),
    ).toMatchObject({ score: 30, tier: 'medium' });
    expect(tierForScore(11, matrix)).toBe('medium');
    expect(tierForScore(71, matrix)).toBe('high');
  });

  it('moves the raw-PII floor with the medium boundary', () => {
    const matrix = buildRiskMatrix({ tiers: { mediumMax: 60 } });
    const result = evaluateRisk(
      {
        ...baseline,
        data: { classifications: ['public'], pii: 'raw' },
        models: ['pub'],
      },
      { models, matrix },
    );
    expect(result).toMatchObject({ score: 61, tier: 'high' });
  });

  it('overrides the write-access bonus and the cap', () => {
    const matrix = buildRiskMatrix({
      integrationExposure: { writeAccess: 10, max: 25 },
    });
    const f = factor(
      { connectors: [{ name: 'x', exposure: 'third-party', access: 'write' }] },
      'integrationExposure',
      { models, matrix },
    );
    expect(f.points).toBe(25);
  });

  it('caps the score at 100 when overrides add up past it', () => {
    const matrix = buildRiskMatrix({ dataSensitivity: { regulated: 95 } });
    const result = evaluateRisk(
      {
        ...baseline,
        reach: 'team',
        data: { classifications: ['regulated'], pii: 'none' },
      },
      { models, matrix },
    );
    expect(result.score).toBe(100);
  });

  it.each([
    [
      { dataSensitivity: { secret: 5 } },
      'microapps.risk.dataSensitivity.secret is not known; allowed: public, internal, confidential, regulated',
    ],
    [{ popularity: {} }, 'microapps.risk.popularity is not a risk factor'],
    [
      { userReach: { team: 'ten' } },
      'microapps.risk.userReach.team must be a number of at least 0',
    ],
    [
      { userReach: { team: -1 } },
      'microapps.risk.userReach.team must be a number of at least 0',
    ],
    [{ tiers: { lowMax: 60 } }, 'lowMax must be lower than'],
  ])('rejects %j naming the key', (overrides, message) => {
    expect(() => buildRiskMatrix(overrides)).toThrow(message);
  });

  it('does not let one override leak into the default matrix', () => {
    buildRiskMatrix({ userReach: { team: 99 } });
    expect(DEFAULT_RISK_MATRIX.userReach.team).toBe(10);
  });
});
