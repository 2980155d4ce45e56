import { validateMicroAppEntity } from './validateMicroApp';

const spec = {
  type: 'summarizer',
  lifecycle: 'canary',
  owner: 'group:default/finance-ops',
  version: '1.4.0',
  costCenter: 'CC-4100',
  reach: 'team',
  data: { classifications: ['internal'], pii: 'masked' },
  models: ['azure-gpt-4.1'],
  dependencies: { risk: 'minimal' },
};

function fields(changes: Record<string, unknown>): string[] {
  const result = validateMicroAppEntity({
    apiVersion: 'trellis.dev/v1alpha1',
    kind: 'MicroApp',
    metadata: { name: 'invoice-summarizer' },
    spec: { ...spec, ...changes },
  });
  return result.valid ? [] : result.issues.map(issue => issue.message);
}

describe('validateMicroAppEntity issue order', () => {
  it('lists missing fields, then unknown ones, then each field in schema order', () => {
    expect(
      fields({
        zzz: 1,
        reach: 'galaxy',
        owner: undefined,
        aaa: 2,
        type: undefined,
      }).map(message => message.split(' ')[0]),
    ).toEqual([
      'spec.type',
      'spec.owner',
      'spec.zzz',
      'spec.aaa',
      'spec.reach',
    ]);
  });

  it("lists a list's length, then its entries, then repeated entries", () => {
    expect(
      fields({ models: ['a', 'a', 5, ''], egress: ['ok.example', 'bad host'] }),
    ).toEqual([
      'spec.models[2] must be a string (got 5)',
      'spec.models[3] must not be empty',
      'spec.models must not list the same value twice',
      'spec.egress[1] must be a hostname such as api.example.com (no scheme, port or path) (got "bad host")',
    ]);
    expect(
      fields({
        connectors: [
          ...Array(100).fill({
            name: 'x',
            exposure: 'internal',
            access: 'read',
          }),
          { name: 'y', exposure: 'internal', access: 'read' },
        ],
      }),
    ).toEqual(['spec.connectors must list at most 100 items']);
  });

  it('says only what type a field of the wrong type must have', () => {
    expect(fields({ owner: [], models: 'm'.repeat(60) })).toEqual([
      'spec.owner must be a string (got [])',
      `spec.models must be an array (got "${'m'.repeat(60)}")`,
    ]);
  });

  it("reports a connector name's format before its length, and other formats after", () => {
    const name = `resource:${'x'.repeat(300)}`;
    expect(
      fields({
        connectors: [{ name, exposure: 'internal', access: 'read' }],
        version: 'v'.repeat(200),
      }).map(message => message.replace(/ \(got .*$/, '')),
    ).toEqual([
      'spec.version must be at most 128 characters long',
      'spec.version must be a semantic version such as 1.2.0',
      expect.stringMatching(
        /^spec\.connectors\[0\]\.name starts with "resource:", so it must be a Resource entity ref/,
      ),
      'spec.connectors[0].name must be at most 255 characters long',
    ]);
  });

  it('names an integer field as such', () => {
    expect(
      fields({ limits: { maxTokensPerRequest: '5', requestsPerMinute: 0 } }),
    ).toEqual([
      'spec.limits.maxTokensPerRequest must be an integer (got "5")',
      'spec.limits.requestsPerMinute must be at least 1 (got 0)',
    ]);
  });
});
