import { riskInputSchema } from './RiskEngine';

const input = {
  reach: 'team',
  data: { classifications: ['internal'], pii: 'masked' },
  models: ['azure-gpt-4.1'],
  dependencies: { risk: 'minimal' },
};

describe('riskInputSchema', () => {
  it('takes the risk-relevant fields of a spec and drops the others', () => {
    expect(
      riskInputSchema.parse({
        ...input,
        type: 'summarizer',
        connectors: [{ name: 'jira', exposure: 'internal', access: 'read' }],
      }),
    ).toEqual({
      ...input,
      connectors: [{ name: 'jira', exposure: 'internal', access: 'read' }],
    });
  });

  it('checks those fields as a manifest does', () => {
    const paths = (value: unknown) => {
      const result = riskInputSchema.safeParse(value);
      return result.success ? [] : result.error.issues.map(i => i.path);
    };
    expect(paths(input)).toEqual([]);
    expect(
      paths({
        ...input,
        data: { classifications: [], pii: 'masked' },
        models: ['a', 'a'],
        dependencies: { risk: 'minimal', sbom: 'ftp://sbom' },
      }),
    ).toEqual([
      ['data', 'classifications'],
      ['models'],
      ['dependencies', 'sbom'],
    ]);
  });
});
