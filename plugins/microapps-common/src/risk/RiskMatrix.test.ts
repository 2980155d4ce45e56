import { buildRiskMatrix, DEFAULT_RISK_MATRIX } from './RiskMatrix';

describe('buildRiskMatrix', () => {
  it('returns a copy of the default matrix without overrides', () => {
    for (const overrides of [undefined, null, {}]) {
      const matrix = buildRiskMatrix(overrides);
      expect(matrix).toEqual(DEFAULT_RISK_MATRIX);
      expect(matrix).not.toBe(DEFAULT_RISK_MATRIX);
      expect(matrix.tiers).not.toBe(DEFAULT_RISK_MATRIX.tiers);
    }
  });

  it('merges each overridden number over the default', () => {
    expect(
      buildRiskMatrix({
        integrationExposure: { 'third-party': 12, max: 20 },
        modelRisk: { unvetted: 0 },
      }),
    ).toEqual({
      ...DEFAULT_RISK_MATRIX,
      integrationExposure: {
        ...DEFAULT_RISK_MATRIX.integrationExposure,
        'third-party': 12,
        max: 20,
      },
      modelRisk: { ...DEFAULT_RISK_MATRIX.modelRisk, unvetted: 0 },
    });
  });

  it.each([
    ['a list', [], 'microapps.risk must be an object'],
    ['text', 'strict', 'microapps.risk must be an object'],
    [
      'an unknown factor',
      { popularity: {} },
      'microapps.risk.popularity is not a risk factor; allowed: dataSensitivity, userReach, integrationExposure, modelRisk, dependencyRisk, tiers',
    ],
    [
      'a factor given as a number',
      { userReach: 5 },
      'microapps.risk.userReach must be an object of numbers',
    ],
    [
      'an empty factor',
      { tiers: null },
      'microapps.risk.tiers must be an object of numbers',
    ],
    [
      'an unknown value of a factor',
      { integrationExposure: { external: 5 } },
      'microapps.risk.integrationExposure.external is not known; allowed: none, internal, third-party, writeAccess, max',
    ],
    [
      'a negative number',
      { integrationExposure: { 'third-party': -1 } },
      'microapps.risk.integrationExposure.third-party must be a number of at least 0',
    ],
    [
      'an infinite number',
      { modelRisk: { public: Infinity } },
      'microapps.risk.modelRisk.public must be a number of at least 0',
    ],
    [
      'a number given as text',
      { dependencyRisk: { high: '10' } },
      'microapps.risk.dependencyRisk.high must be a number of at least 0',
    ],
    [
      'tiers that overlap',
      { tiers: { lowMax: 50 } },
      'microapps.risk.tiers.lowMax must be lower than microapps.risk.tiers.mediumMax',
    ],
  ])('refuses %s, naming the key', (_what, overrides, message) => {
    expect(() => buildRiskMatrix(overrides)).toThrow(new Error(message));
  });
});
