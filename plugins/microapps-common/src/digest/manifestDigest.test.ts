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

  it('does not change with promotion, version, cost center, limits or support', () => {
    expect(
      manifestDigest({
        ...spec,
        lifecycle: 'production',
        version: '2.1.0',
        costCenter: 'CC-2',
        limits: { monthlyBudgetUsd: 900 },
        support: { channel: '#help-legal-ops' },
      }),
    ).toBe(manifestDigest(spec));
  });

  // Approvals already granted are bound to this value: a manifest without
  // an address must keep it, or every such approval would turn stale.
  it('is the digest it always was for a manifest without an address', () => {
    expect(manifestDigest(spec)).toBe(
      'sha256:3ecbcdbbeea429f401eb2cbb2f00cfe437573b387b03ac180b7a7ef06a1feb8d',
    );
  });

  it('changes when an address is added or changed, so the approval goes stale', () => {
    const atAddress = manifestDigest({
      ...spec,
      url: 'https://apps.acme.example/contract-extractor',
    });
    expect(atAddress).not.toBe(manifestDigest(spec));
    expect(
      manifestDigest({
        ...spec,
        url: 'https://apps.acme.example/contract-extractor-v2',
      }),
    ).not.toBe(atAddress);
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

describe('canonicalJson (RFC 8785)', () => {
  // Encoded and hashed by the implementation that wrote the audit chains and
  // digests already stored: the library must give the same bytes, or every
  // stored hash would stop verifying.
  it('encodes an audit entry as the chains already stored have it', () => {
    const entry = {
      id: 1,
      occurredAt: '2026-11-23T10:00:00.000Z',
      actor: 'user:default/nora-security',
      action: 'badge.granted',
      entityRef: 'microapp:default/help-center-digest',
      badge: 'security-review',
      digest: `sha256:${'ab'.repeat(32)}`,
      comment: 'Reviewed — ok ✓ 👍 İstanbul',
      details: { tier: 'medium', score: 46, lifecycle: 'production' },
      prevHash: '0'.repeat(64),
    };
    expect(sha256Hex(canonicalJson(entry))).toBe(
      '70259715130215ec73e2f4ab4375f657714382cd30f8e980fb1e0cb78bbec7ff',
    );
  });

  it('sorts keys by UTF-16 code units and writes numbers as ECMAScript does', () => {
    const value = {
      b: [1, 2.5, -0.001, 1e21, true, null, 'é'],
      a: { z: 1, Z: 2, é: 3, '\u2028': 'x' },
    };
    expect(canonicalJson(value)).toBe(
      '{"a":{"Z":2,"z":1,"é":3,"\u2028":"x"},"b":[1,2.5,-0.001,1e+21,true,null,"é"]}',
    );
    expect(sha256Hex(canonicalJson(value))).toBe(
      'cd56f84d590c08db276528a201c1adce7111e1670649ecc27aef7215d416bd71',
    );
  });
});
