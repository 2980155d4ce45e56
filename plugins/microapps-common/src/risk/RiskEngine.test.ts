import type { ModelCatalogEntry } from '../models/ModelCatalog';
import {
  evaluateRisk,
  type RiskEngineOptions,
  type RiskInput,
  tierForScore,
} from './RiskEngine';
import { buildRiskMatrix, DEFAULT_RISK_MATRIX } from './RiskMatrix';

const price = { inputPer1M: 1, outputPer1M: 2 };
const models: ModelCatalogEntry[] = [
  {
    id: 'ent',
    provider: 'azure',
    status: 'approved',
    hosting: 'enterprise',
    pricing: price,
  },
  {
    id: 'pub',
    provider: 'openai',
    status: 'restricted',
    hosting: 'public',
    pricing: price,
  },
  {
    id: 'wild',
    provider: 'community',
    status: 'prohibited',
    hosting: 'unvetted',
    pricing: price,
  },
];

/** A spec that scores 0 on every factor; each test changes one thing. */
const baseline: RiskInput = {
  reach: 'single-user',
  data: { classifications: ['public'], pii: 'none' },
  connectors: [],
  models: ['ent'],
  dependencies: { risk: 'minimal', sbom: 'https://sbom.example/app.json' },
};

function factor(
  spec: Partial<RiskInput>,
  name: string,
  options: RiskEngineOptions = { models },
) {
  const result = evaluateRisk({ ...baseline, ...spec }, options);
  const found = result.factors.find(f => f.factor === name);
  if (!found) throw new Error(`no factor ${name}`);
  return { ...found, score: result.score, tier: result.tier };
}

describe('evaluateRisk with the default matrix', () => {
  it('scores the baseline 0 and low', () => {
    const result = evaluateRisk(baseline, { models });
    expect(result).toMatchObject({ score: 0, tier: 'low' });
    expect(result.factors.map(f => f.factor)).toEqual([
      'dataSensitivity',
      'userReach',
      'integrationExposure',
      'modelRisk',
      'dependencyRisk',
    ]);
  });

  it.each([
    [['public'], 0],
    [['internal'], 10],
    [['confidential'], 25],
    [['regulated'], 40],
    [['public', 'regulated', 'internal'], 40],
  ] as const)(
    'data sensitivity %j scores %i (highest class counts)',
    (classifications, points) => {
      const f = factor(
        { data: { classifications: [...classifications], pii: 'none' } },
        'dataSensitivity',
      );
      expect(f.points).toBe(points);
      expect(f.score).toBe(points);
    },
  );

  it.each([
    ['single-user', 0],
    ['team', 10],
    ['org-wide', 20],
    ['external', 20],
  ] as const)('user reach %s scores %i', (reach, points) => {
    expect(factor({ reach }, 'userReach').points).toBe(points);
  });

  it.each([
    ['no connectors', [], 0],
    [
      'an internal read connector',
      [{ name: 'wiki', exposure: 'internal', access: 'read' }],
      8,
    ],
    [
      'an internal write connector',
      [{ name: 'crm', exposure: 'internal', access: 'write' }],
      11,
    ],
    [
      'a third-party read connector',
      [{ name: 'slack', exposure: 'third-party', access: 'read' }],
      15,
    ],
    [
      'a third-party write connector (capped at 15)',
      [{ name: 'slack', exposure: 'third-party', access: 'write' }],
      15,
    ],
    [
      'the worst of several connectors',
      [
        { name: 'wiki', exposure: 'internal', access: 'read' },
        { name: 'crm', exposure: 'internal', access: 'write' },
      ],
      11,
    ],
  ] as const)(
    'integration exposure with %s scores %i',
    (_, connectors, points) => {
      expect(
        factor(
          { connectors: connectors.map(c => ({ ...c })) },
          'integrationExposure',
        ).points,
      ).toBe(points);
    },
  );

  it.each([
    [['ent'], 0],
    [['pub'], 10],
    [['wild'], 15],
    [['ent', 'pub'], 10],
  ])('model risk of %j scores %i (worst model counts)', (ids, points) => {
    expect(factor({ models: ids }, 'modelRisk').points).toBe(points);
  });

  it('counts a model missing from the catalog as unvetted', () => {
    const f = factor({ models: ['ent', 'homegrown-llm'] }, 'modelRisk');
    expect(f.points).toBe(15);
    expect(f.reason).toContain(
      'homegrown-llm (not in the model catalog, so unvetted)',
    );
    expect(f.hint).toBe(
      'Route to an enterprise-hosted model instead of homegrown-llm: −15',
    );
  });

  it.each([
    ['minimal', 0],
    ['moderate', 5],
    ['high', 10],
  ] as const)('dependency risk %s scores %i', (risk, points) => {
    expect(factor({ dependencies: { risk } }, 'dependencyRisk').points).toBe(
      points,
    );
  });

  it('scores the worst case 100', () => {
    const result = evaluateRisk(
      {
        reach: 'external',
        data: { classifications: ['regulated'], pii: 'masked' },
        connectors: [{ name: 'x', exposure: 'third-party', access: 'write' }],
        models: ['wild'],
        dependencies: { risk: 'high' },
      },
      { models },
    );
    expect(result).toMatchObject({ score: 100, tier: 'high' });
  });
});

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

describe('explanations', () => {
  it('gives a reason for every factor and a hint with the saving where one exists', () => {
    const result = evaluateRisk(
      {
        reach: 'external',
        data: { classifications: ['regulated'], pii: 'masked' },
        connectors: [
          { name: 'salesforce', exposure: 'third-party', access: 'write' },
          { name: 'wiki', exposure: 'internal', access: 'read' },
        ],
        models: ['pub'],
        dependencies: { risk: 'moderate' },
      },
      { models },
    );
    const byName = Object.fromEntries(result.factors.map(f => [f.factor, f]));
    expect(byName.dataSensitivity.hint).toBe(
      'Keep regulated data out so the app touches at most confidential data: −15',
    );
    // external and org-wide both score 20, so the hint goes down to team.
    expect(byName.userReach.hint).toBe('Limit the audience to one team: −10');
    expect(byName.integrationExposure.reason).toBe(
      'Third-party connector salesforce; write access to salesforce',
    );
    expect(byName.integrationExposure.hint).toBe(
      'Replace salesforce with internal connectors and make every connector read-only: −7',
    );
    expect(byName.modelRisk.hint).toBe(
      'Route to an enterprise-hosted model instead of pub: −10',
    );
    expect(byName.dependencyRisk.hint).toBe(
      'Pin and vet dependencies to bring their risk down to minimal: −5',
    );
    for (const f of result.factors) expect(f.reason).toBeTruthy();
  });

  it('offers no hint for a factor already at its lowest', () => {
    const result = evaluateRisk(baseline, { models });
    expect(result.factors.every(f => f.hint === undefined)).toBe(true);
  });

  it('suggests read-only access when that is the only saving', () => {
    const f = factor(
      { connectors: [{ name: 'crm', exposure: 'internal', access: 'write' }] },
      'integrationExposure',
    );
    expect(f.hint).toBe('Make crm read-only: −3');
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
