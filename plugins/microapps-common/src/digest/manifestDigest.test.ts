import { createHash } from 'crypto';
import type { MicroAppSpec } from '../kind/MicroAppEntity';
import { canonicalJson, manifestDigest } from './manifestDigest';
import { sha256Hex } from './sha256';

const spec: MicroAppSpec = {
  type: 'extractor',
  lifecycle: 'canary',
  owner: 'group:default/legal-ops',
  version: '2.0.0',
  costCenter: 'CC-1',
  reach: 'team',
  data: { classifications: ['internal', 'confidential'], pii: 'masked' },
  connectors: [
    {
      name: 'resource:default/sharepoint',
      exposure: 'internal',
      access: 'read',
    },
    {
      name: 'resource:default/snowflake',
      exposure: 'internal',
      access: 'write',
    },
  ],
  models: ['azure-gpt-4.1', 'azure-gpt-4.1-mini'],
  limits: { monthlyBudgetUsd: 100 },
  dependencies: { risk: 'minimal' },
  egress: ['api.example.com'],
};

describe('sha256Hex', () => {
  it.each([
    '',
    'abc',
    'a'.repeat(55),
    'a'.repeat(56),
    'a'.repeat(64),
    'é🙂 unicode',
    'x'.repeat(10_000),
  ])('matches Node crypto for %p', text => {
    expect(sha256Hex(text)).toBe(
      createHash('sha256').update(text, 'utf8').digest('hex'),
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(
      canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } }),
    ).toBe('{"a":{"d":[2,{"y":2,"z":1}]},"b":1}');
  });
});

describe('manifestDigest', () => {
  it('is sha256 over the canonical risk-relevant spec', () => {
    expect(manifestDigest(spec)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('does not change with key order or the order of set-like lists', () => {
    const reordered: MicroAppSpec = {
      egress: ['api.example.com'],
      dependencies: { risk: 'minimal' },
      models: ['azure-gpt-4.1-mini', 'azure-gpt-4.1'],
      connectors: [...spec.connectors!]
        .reverse()
        .map(c => ({ access: c.access, exposure: c.exposure, name: c.name })),
      data: { pii: 'masked', classifications: ['confidential', 'internal'] },
      reach: 'team',
      costCenter: 'CC-1',
      version: '2.0.0',
      owner: 'group:default/legal-ops',
      lifecycle: 'canary',
      type: 'extractor',
      limits: { monthlyBudgetUsd: 100 },
    };
    expect(manifestDigest(reordered)).toBe(manifestDigest(spec));
  });

  it('does not change with promotion, version, cost center or limits', () => {
    expect(
      manifestDigest({
        ...spec,
        lifecycle: 'production',
        version: '2.1.0',
        costCenter: 'CC-2',
        limits: { monthlyBudgetUsd: 900 },
      }),
    ).toBe(manifestDigest(spec));
  });

  it.each<[string, Partial<MicroAppSpec>]>([
    [
      'a new data class',
      {
        data: {
          classifications: ['internal', 'confidential', 'regulated'],
          pii: 'masked',
        },
      },
    ],
    ['raw PII', { data: { ...spec.data, pii: 'raw' } }],
    ['a wider reach', { reach: 'org-wide' }],
    ['another model', { models: [...spec.models, 'openai-gpt-4o'] }],
    [
      'write access',
      {
        connectors: [
          {
            name: 'resource:default/sharepoint',
            exposure: 'internal',
            access: 'write',
          },
        ],
      },
    ],
    ['a new egress host', { egress: ['api.example.com', 'pastebin.com'] }],
    ['another owner', { owner: 'group:default/finance-ops' }],
    ['riskier dependencies', { dependencies: { risk: 'high' } }],
  ])('changes with %s', (_, change) => {
    expect(manifestDigest({ ...spec, ...change })).not.toBe(
      manifestDigest(spec),
    );
  });
});
