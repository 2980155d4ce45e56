import { compilePack, compilePolicySource } from './compilePolicy';
import { policyEnvironment } from './policyInput';

const env = policyEnvironment();

const pack = (policies: string) => `apiVersion: trellis.dev/v1alpha1
kind: PolicyPack
policies:
${policies}`;

const good = (id: string) => `  - id: ${id}
    title: Busy
    description: Many requests.
    severity: low
    when: window.requests > 100
    actions:
      - type: notify
        to: owners
`;

describe('compilePack', () => {
  it('loads a good policy with dry-run as its default mode and 24h as its window', () => {
    const { policies, errors } = compilePack(
      env,
      'file:a.yaml',
      pack(good('busy')),
    );
    expect(errors).toEqual([]);
    expect(policies).toMatchObject([
      { id: 'busy', mode: 'dry-run', window: '24h', windowSeconds: 86_400 },
    ]);
    expect(policies[0].references).toEqual(['window.requests']);
  });

  it('reports a YAML syntax error with its line and column', () => {
    const { policies, errors } = compilePack(
      env,
      'file:a.yaml',
      pack(
        `${good('busy')}  - id: other\n    title: Twice\n    title: Again\n`,
      ),
    );
    expect(policies).toEqual([]);
    expect(errors).toEqual([
      {
        location: 'file:a.yaml',
        path: '',
        line: 14,
        column: 5,
        message: 'YAML syntax error: Map keys must be unique',
      },
    ]);
  });

  it('names an unknown field and where it is, and keeps the other policies', () => {
    const { policies, errors } = compilePack(
      env,
      'file:a.yaml',
      pack(`${good('first')}  - id: second
    title: Typo
    description: A misspelt field.
    severity: low
    whenn: window.requests > 1
    when: window.requests > 1
    actions: []
${good('third')}`),
    );
    expect(policies.map(p => p.id)).toEqual(['first', 'third']);
    expect(errors).toEqual([
      {
        location: 'file:a.yaml',
        policyId: 'second',
        path: 'policies[1].whenn',
        line: 16,
        column: 5,
        message: expect.stringContaining('unknown field(s) whenn'),
      },
    ]);
  });

  it('reports a CEL type error at its position in the file', () => {
    const misspelt = compilePack(
      env,
      'file:a.yaml',
      pack(`${good('busy')}  - id: typo
    title: Typo
    description: A misspelt input field.
    severity: low
    when: app.teir == "high"
    actions: []
`),
    );
    expect(misspelt.policies.map(p => p.id)).toEqual(['busy']);
    expect(misspelt.errors).toEqual([
      {
        location: 'file:a.yaml',
        policyId: 'typo',
        path: 'policies[1].when',
        line: 16,
        // `when: ` ends at column 10; `teir` starts 4 characters in.
        column: 15,
        message: 'No such key: teir',
      },
    ]);

    const compared = compilePack(
      env,
      'file:a.yaml',
      pack(`  - id: string-vs-int
    title: Mixed
    description: A string compared with an int.
    severity: low
    when: |
      window.requests > 1 &&
        app.tier == 3
    actions: []
`),
    );
    expect(compared.errors).toEqual([
      expect.objectContaining({
        path: 'policies[0].when',
        line: 10,
        column: 9,
        message: 'no such overload: string == int',
      }),
    ]);
  });

  it('refuses a condition that is not a bool, a CEL syntax error and a window past 31 days', () => {
    const { policies, errors } = compilePack(
      env,
      'file:a.yaml',
      pack(`  - id: not-bool
    title: Count
    description: An int, not a decision.
    severity: low
    when: window.requests
    actions: []
  - id: broken
    title: Broken
    description: Ends too early.
    severity: low
    when: window.requests >
    actions: []
  - id: too-long
    title: Long
    description: A window of 40 days.
    severity: low
    window: 40d
    when: window.requests > 1
    actions: []
`),
    );
    expect(policies).toEqual([]);
    expect(errors.map(e => [e.policyId, e.path, e.message])).toEqual([
      ['not-bool', 'policies[0].when', 'must be a bool expression, got int'],
      [
        'broken',
        'policies[1].when',
        expect.stringMatching(/^CEL syntax error/),
      ],
      [
        'too-long',
        'policies[2].window',
        expect.stringContaining('at most 31d'),
      ],
    ]);
  });

  it('refuses a second policy with the same id in one pack', () => {
    const { policies, errors } = compilePack(
      env,
      'file:a.yaml',
      pack(`${good('busy')}${good('busy')}`),
    );
    expect(policies).toHaveLength(1);
    expect(errors).toEqual([
      expect.objectContaining({
        path: 'policies[1].id',
        line: 12,
        column: 9,
        message: expect.stringContaining('duplicate policy id busy'),
      }),
    ]);
  });

  it('names what is wrong with the file itself', () => {
    const { errors } = compilePack(
      env,
      'file:a.yaml',
      'apiVersion: trellis.dev/v2\nkind: PolicyPack\npolicies: []\n',
    );
    expect(errors).toEqual([
      expect.objectContaining({
        path: 'apiVersion',
        line: 1,
        column: 13,
        message: 'must be trellis.dev/v1alpha1',
      }),
    ]);
  });
});

describe('compilePolicySource', () => {
  it('takes one policy as an object and places a CEL error within the expression', () => {
    const { policy, errors } = compilePolicySource(env, {
      id: 'bench',
      title: 'Bench',
      description: 'A try.',
      severity: 'low',
      when: 'window.requests > 1 &&\n  app.nope',
      actions: [{ type: 'kill-switch', extra: true }],
    });
    expect(policy).toBeUndefined();
    expect(errors).toEqual([
      expect.objectContaining({
        path: 'actions[0].extra',
        message: expect.stringContaining('unknown field(s) extra'),
      }),
    ]);

    const typed = compilePolicySource(env, {
      id: 'bench',
      title: 'Bench',
      description: 'A try.',
      severity: 'low',
      when: 'window.requests > 1 &&\n  app.nope',
      actions: [],
    });
    expect(typed.errors).toEqual([
      {
        location: 'request',
        policyId: 'bench',
        path: 'when',
        line: 2,
        column: 7,
        message: 'No such key: nope',
      },
    ]);
  });
});
