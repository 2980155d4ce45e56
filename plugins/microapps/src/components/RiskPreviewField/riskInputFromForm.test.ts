import { riskInputFromForm, schemaDefaults } from './riskInputFromForm';

describe('riskInputFromForm', () => {
  it('takes answers from the form and the rest from what the template fixes', () => {
    expect(
      riskInputFromForm(
        {
          reach: 'org-wide',
          classifications: ['internal', 'bogus', 'confidential'],
          pii: 'masked',
          models: ['azure-gpt-4.1'],
        },
        {
          spec: {
            connectors: [
              {
                name: 'resource:default/sharepoint',
                exposure: 'internal',
                access: 'read',
              },
              { name: 'broken', exposure: 'sideways', access: 'read' },
            ],
            dependencies: {
              risk: 'minimal',
              sbom: 'https://sbom.example/x.json',
            },
          },
        },
      ),
    ).toEqual({
      spec: {
        reach: 'org-wide',
        data: { classifications: ['internal', 'confidential'], pii: 'masked' },
        connectors: [
          {
            name: 'resource:default/sharepoint',
            exposure: 'internal',
            access: 'read',
          },
        ],
        models: ['azure-gpt-4.1'],
        dependencies: { risk: 'minimal', sbom: 'https://sbom.example/x.json' },
      },
      missing: [],
    });
  });

  it('follows configured paths, and the form wins over fixed values', () => {
    const result = riskInputFromForm(
      {
        audience: 'external',
        data: { classifications: ['public'], pii: 'none' },
        dependencies: { risk: 'high' },
        models: [],
      },
      {
        fields: { reach: 'audience' },
        spec: { reach: 'team', dependencies: { risk: 'minimal' } },
      },
    );
    expect(result.spec).toMatchObject({
      reach: 'external',
      data: { classifications: ['public'], pii: 'none' },
      dependencies: { risk: 'high' },
      connectors: [],
      models: [],
    });
  });

  it('lists what is missing instead of guessing', () => {
    expect(riskInputFromForm({ reach: 'nobody', classifications: [] })).toEqual(
      {
        spec: undefined,
        missing: [
          'reach',
          'classifications',
          'pii',
          'models',
          'dependencyRisk',
        ],
      },
    );
  });
});

describe('schemaDefaults', () => {
  it('collects property defaults, nested ones included', () => {
    expect(
      schemaDefaults({
        properties: {
          reach: { type: 'string', default: 'team' },
          name: { type: 'string' },
          data: { type: 'object', properties: { pii: { default: 'none' } } },
        },
      }),
    ).toEqual({ reach: 'team', data: { pii: 'none' } });
  });
});
