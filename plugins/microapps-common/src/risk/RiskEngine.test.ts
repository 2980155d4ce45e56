import { evaluateRisk } from './RiskEngine';
import { baseline, factor, models } from './__testUtils__/riskTestSpecs';

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
