import { validateMicroAppEntity } from './validateMicroApp';

function manifest(spec: Record<string, unknown> = {}, drop: string[] = []) {
  const full: Record<string, unknown> = {
    type: 'summarizer',
    lifecycle: 'canary',
    owner: 'group:default/finance-ops',
    version: '1.4.0',
    costCenter: 'CC-4100',
    reach: 'team',
    data: { classifications: ['internal'], pii: 'masked' },
    connectors: [
      { name: 'resource:default/jira', exposure: 'internal', access: 'read' },
    ],
    models: ['azure-gpt-4.1'],
    limits: {
      maxTokensPerRequest: 4000,
      requestsPerMinute: 60,
      monthlyBudgetUsd: 250,
    },
    dependencies: { risk: 'minimal', sbom: 'https://sbom.example/x.json' },
    egress: ['api.example.com', '*.internal.example'],
    ...spec,
  };
  for (const key of drop) delete full[key];
  return {
    apiVersion: 'trellis.dev/v1alpha1',
    kind: 'MicroApp',
    metadata: { name: 'invoice-summarizer' },
    spec: full,
  };
}

function messages(entity: unknown): string[] {
  const result = validateMicroAppEntity(entity);
  return result.valid ? [] : result.issues.map(issue => issue.message);
}

describe('validateMicroAppEntity', () => {
  it('accepts a complete manifest', () => {
    expect(validateMicroAppEntity(manifest())).toMatchObject({ valid: true });
  });

  it('accepts a manifest without the optional fields', () => {
    expect(messages(manifest({}, ['connectors', 'limits', 'egress']))).toEqual(
      [],
    );
  });

  it('names the field and the allowed stages for lifecycle: prod', () => {
    expect(messages(manifest({ lifecycle: 'prod' }))).toEqual([
      'spec.lifecycle must be one of draft, sandbox, canary, production, decommissioned (got "prod")',
    ]);
  });

  it('names the list entry and the allowed classes for an unknown data class', () => {
    expect(
      messages(
        manifest({
          data: { classifications: ['internal', 'secret'], pii: 'none' },
        }),
      ),
    ).toEqual([
      'spec.data.classifications[1] must be one of public, internal, confidential, regulated (got "secret")',
    ]);
  });

  it('says the owner is required when it is missing', () => {
    expect(messages(manifest({}, ['owner']))).toEqual([
      'spec.owner is required',
    ]);
  });

  it('rejects unknown fields and lists the allowed ones', () => {
    const [message] = messages(manifest({ colour: 'blue' }));
    expect(message).toMatch(
      /^spec\.colour is not a known field; allowed fields of spec are type, lifecycle, owner/,
    );
  });

  it('accepts plain connector labels and valid Resource refs, and names the field of an invalid ref', () => {
    const withConnectors = (...names: string[]) =>
      manifest({
        connectors: names.map(name => ({
          name,
          exposure: 'internal',
          access: 'read',
        })),
      });
    expect(
      messages(
        withConnectors(
          'Salesforce (prod)',
          'resource:jira',
          'Resource:finance/ledger-db.v2',
          'resource:../../etc/passwd',
          `resource:${'x'.repeat(238)}`,
        ),
      ),
    ).toEqual([]);

    const refused = messages(
      withConnectors(
        'resource:',
        // Stored as resource:default/xxx…: 256 characters.
        `resource:${'x'.repeat(239)}`,
        'resource:/jira',
        'resource:finance/',
      ),
    );
    expect(refused).toHaveLength(4);
    refused.forEach((message, index) =>
      expect(message).toMatch(
        new RegExp(
          `^spec\\.connectors\\[${index}\\]\\.name starts with "resource:", so it must be a Resource entity ref`,
        ),
      ),
    );
  });

  it('rejects unknown fields inside a connector', () => {
    expect(
      messages(
        manifest({
          connectors: [
            {
              name: 'x',
              exposure: 'internal',
              access: 'read',
              token: 's3cret',
            },
          ],
        }),
      ),
    ).toEqual([
      'spec.connectors[0].token is not a known field; allowed fields of spec.connectors[0] are name, exposure, access',
    ]);
  });

  it('reports every problem at once', () => {
    const found = messages(
      manifest({ lifecycle: 'prod', reach: 'galaxy', version: 'one' }, [
        'costCenter',
      ]),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'spec.costCenter is required',
        expect.stringContaining('spec.lifecycle must be one of'),
        'spec.reach must be one of single-user, team, org-wide, external (got "galaxy")',
        'spec.version must be a semantic version such as 1.2.0 (got "one")',
      ]),
    );
    expect(found).toHaveLength(4);
  });

  it.each([
    [{ models: 'gpt-4' }, 'spec.models must be an array (got "gpt-4")'],
    [
      { limits: { monthlyBudgetUsd: -5 } },
      'spec.limits.monthlyBudgetUsd must be at least 0 (got -5)',
    ],
    [
      { limits: { requestsPerMinute: 1.5 } },
      'spec.limits.requestsPerMinute must be an integer (got 1.5)',
    ],
    [
      { egress: ['https://api.example.com/v1'] },
      'spec.egress[0] must be a hostname such as api.example.com (no scheme, port or path) (got "https://api.example.com/v1")',
    ],
    [
      { data: { classifications: [], pii: 'none' } },
      'spec.data.classifications must list at least 1 item(s)',
    ],
    [
      { data: { classifications: ['public'], pii: 'some' } },
      'spec.data.pii must be one of none, masked, raw (got "some")',
    ],
    [
      { dependencies: { risk: 'low' } },
      'spec.dependencies.risk must be one of minimal, moderate, high (got "low")',
    ],
    [{ owner: '' }, 'spec.owner must not be empty'],
    [{ models: ['a', 'a'] }, 'spec.models must not list the same value twice'],
  ])('rejects %j', (spec, message) => {
    expect(messages(manifest(spec))).toEqual([message]);
  });

  describe('url', () => {
    const URL_RULE =
      'must be an absolute https:// URL such as https://apps.example.com/my-app (http:// only for localhost or 127.0.0.1)';

    it.each([
      'https://apps.acme.example/invoice-summarizer',
      'https://apps.acme.example:8443/invoices?tab=new#top',
      'http://localhost:3000/',
      'http://127.0.0.1',
    ])('accepts %s', url => {
      expect(messages(manifest({ url }))).toEqual([]);
    });

    it.each([
      // eslint-disable-next-line no-script-url
      'javascript:alert(document.cookie)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      '/apps/invoice-summarizer',
      'apps.acme.example/invoice-summarizer',
      'ftp://files.acme.example/app',
      'http://apps.acme.example/invoice-summarizer',
      'https://user:secret@apps.acme.example/',
      'https://apps.acme.example/with space',
    ])('rejects %s, naming the field and what is allowed', url => {
      expect(messages(manifest({ url }))).toEqual([
        `spec.url ${URL_RULE} (got ${JSON.stringify(url)})`,
      ]);
    });

    it('rejects an address longer than 2048 characters', () => {
      const url = `https://apps.acme.example/${'a'.repeat(2048)}`;
      expect(messages(manifest({ url }))).toEqual([
        'spec.url must be at most 2048 characters long',
      ]);
    });
  });

  describe('support', () => {
    it.each([
      { email: 'ap-help@acme.example' },
      { channel: '#help-invoices' },
      { url: 'https://wiki.acme.example/invoice-summarizer/help' },
      {
        email: 'ap-help@acme.example',
        channel: '#help-invoices',
        url: 'https://wiki.acme.example/help',
      },
    ])('accepts %j', support => {
      expect(messages(manifest({ support }))).toEqual([]);
    });

    it.each([
      [
        {},
        'spec.support must name at least one way to get help: email, channel or url',
      ],
      [
        { email: 'ap-help' },
        'spec.support.email must be an email address such as help@example.com (got "ap-help")',
      ],
      [
        // eslint-disable-next-line no-script-url
        { url: 'javascript:alert(1)' },
        expect.stringMatching(
          /^spec\.support\.url must be an absolute https:\/\/ URL/,
        ),
      ],
      [{ channel: '' }, 'spec.support.channel must not be empty'],
      [
        'ask on #help-invoices',
        'spec.support must be an object (got "ask on #help-invoices")',
      ],
      [
        { phone: '+44 20 7946 0000' },
        'spec.support.phone is not a known field; allowed fields of spec.support are email, channel, url',
      ],
    ])('rejects %j', (support, message) => {
      expect(messages(manifest({ support }))).toEqual([message]);
    });
  });

  it('rejects a missing spec and a wrong apiVersion', () => {
    const { spec: _spec, ...noSpec } = manifest();
    expect(messages(noSpec)).toEqual(['spec is required']);
    expect(messages({ ...manifest(), apiVersion: 'trellis.dev/v2' })).toEqual([
      'apiVersion must be one of trellis.dev/v1alpha1 (got "trellis.dev/v2")',
    ]);
  });

  it('does not crash on values that are not objects', () => {
    expect(messages(null)).toEqual(['the entity must be an object (got null)']);
    expect(messages(manifest({ data: 'lots' }))).toEqual([
      'spec.data must be an object (got "lots")',
    ]);
  });
});
