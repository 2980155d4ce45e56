import type { MicroAppConnector } from '../kind/MicroAppEntity';
import type { ModelCatalogEntry } from '../models/ModelCatalog';
import {
  CONNECTOR_EXPOSURE_ANNOTATION,
  connectorExposuresOf,
  connectorResourceRef,
  describeConnectorExposureMismatch,
  effectiveConnectors,
  parseConnectorExposure,
} from './connectorExposure';
import { evaluateRisk, type RiskInput } from './RiskEngine';

const models: ModelCatalogEntry[] = [
  {
    id: 'ent',
    provider: 'azure',
    status: 'approved',
    hosting: 'enterprise',
    pricing: { inputPer1M: 1, outputPer1M: 2 },
  },
];

const catalog = new Map([
  ['resource:default/jira', 'third-party' as const],
  ['resource:default/confluence', 'internal' as const],
  ['resource:legal/vault', 'third-party' as const],
]);

const connector = (
  name: string,
  exposure: MicroAppConnector['exposure'] = 'internal',
  access: MicroAppConnector['access'] = 'read',
): MicroAppConnector => ({ name, exposure, access });

/** A spec that scores 8 on integration exposure and 0 on everything else. */
const spec = (...connectors: MicroAppConnector[]): RiskInput => ({
  reach: 'single-user',
  data: { classifications: ['public'], pii: 'none' },
  connectors,
  models: ['ent'],
  dependencies: { risk: 'minimal', sbom: 'https://sbom.example/app.json' },
});

describe('connectorResourceRef', () => {
  it.each([
    ['resource:jira', 'default', 'resource:default/jira'],
    ['Resource:Default/Jira', 'default', 'resource:default/jira'],
    ['resource:jira', 'legal', 'resource:legal/jira'],
    ['RESOURCE:ops/Vault', 'legal', 'resource:ops/vault'],
  ])('normalises %s in namespace %s to %s', (name, namespace, expected) => {
    expect(connectorResourceRef(name, namespace)).toBe(expected);
  });

  it('defaults to the default namespace', () => {
    expect(connectorResourceRef('resource:jira')).toBe('resource:default/jira');
  });

  it.each(['jira', 'component:default/jira', 'resource:', 'resource:a/'])(
    'gives nothing for %s',
    name => {
      expect(connectorResourceRef(name)).toBeUndefined();
    },
  );
});

describe('parseConnectorExposure and connectorExposuresOf', () => {
  it('reads the two exposures case-insensitively and nothing else', () => {
    expect(parseConnectorExposure('internal')).toBe('internal');
    expect(parseConnectorExposure('Third-Party')).toBe('third-party');
    expect(parseConnectorExposure('external')).toBeUndefined();
    expect(parseConnectorExposure(3)).toBeUndefined();
    expect(parseConnectorExposure(undefined)).toBeUndefined();
  });

  it('maps annotated Resources by lower-case ref and skips everything else', () => {
    const resource = (
      name: string,
      annotations?: Record<string, string>,
      extra: object = {},
    ) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name, annotations },
      spec: {},
      ...extra,
    });
    const map = connectorExposuresOf([
      resource('Jira', { [CONNECTOR_EXPOSURE_ANNOTATION]: 'third-party' }),
      {
        ...resource('vault', { [CONNECTOR_EXPOSURE_ANNOTATION]: 'internal' }),
        metadata: {
          name: 'vault',
          namespace: 'Legal',
          annotations: { [CONNECTOR_EXPOSURE_ANNOTATION]: 'internal' },
        },
      },
      resource('plain'),
      resource('odd', { [CONNECTOR_EXPOSURE_ANNOTATION]: 'partner' }),
      resource(
        'component',
        { [CONNECTOR_EXPOSURE_ANNOTATION]: 'internal' },
        { kind: 'Component' },
      ),
      undefined,
    ]);
    expect([...map]).toEqual([
      ['resource:default/jira', 'third-party'],
      ['resource:legal/vault', 'internal'],
    ]);
  });
});

describe('effectiveConnectors', () => {
  it('raises a declared exposure to the catalog one and reports the mismatch', () => {
    const result = effectiveConnectors(
      spec(
        connector('resource:default/confluence'),
        connector('Resource:jira', 'internal', 'write'),
      ),
      catalog,
    );
    expect(result.connectors).toEqual([
      connector('resource:default/confluence'),
      connector('Resource:jira', 'third-party', 'write'),
    ]);
    expect(result.mismatches).toEqual([
      {
        index: 1,
        name: 'Resource:jira',
        declared: 'internal',
        catalog: 'third-party',
      },
    ]);
  });

  it('keeps a declared exposure that is worse than the catalog one', () => {
    const declared = [connector('resource:confluence', 'third-party')];
    expect(effectiveConnectors(spec(...declared), catalog)).toEqual({
      connectors: declared,
      mismatches: [],
    });
  });

  it('changes nothing for plain labels, unknown Resources, or without a map', () => {
    const declared = [
      connector('jira'),
      connector('resource:default/unknown'),
      connector('resource:jira'),
    ];
    expect(effectiveConnectors(spec(...declared.slice(0, 2)), catalog)).toEqual(
      { connectors: declared.slice(0, 2), mismatches: [] },
    );
    expect(effectiveConnectors(spec(...declared))).toEqual({
      connectors: declared,
      mismatches: [],
    });
    expect(effectiveConnectors({}, catalog)).toEqual({
      connectors: [],
      mismatches: [],
    });
  });

  it('resolves a ref without namespace in the MicroApp namespace', () => {
    const declared = spec(connector('resource:vault'));
    expect(effectiveConnectors(declared, catalog).mismatches).toEqual([]);
    expect(effectiveConnectors(declared, catalog, 'legal').mismatches).toEqual([
      {
        index: 0,
        name: 'resource:vault',
        declared: 'internal',
        catalog: 'third-party',
      },
    ]);
  });

  it('describes a mismatch naming the field and the catalog value', () => {
    expect(
      describeConnectorExposureMismatch({
        index: 2,
        name: 'resource:default/jira',
        declared: 'internal',
        catalog: 'third-party',
      }),
    ).toBe(
      "spec.connectors[2].exposure is internal, but the catalog's resource:default/jira is third-party (annotation trellis.dev/connector-exposure); declare spec.connectors[2].exposure: third-party",
    );
  });
});

describe('evaluateRisk with catalog exposures', () => {
  const integration = (result: ReturnType<typeof evaluateRisk>) =>
    result.factors.find(f => f.factor === 'integrationExposure')!;

  it('scores the worse of declared and catalog exposure and says why', () => {
    const declared = spec(connector('resource:default/jira', 'internal'));
    const truthful = evaluateRisk(
      spec(connector('resource:default/jira', 'third-party')),
      { models },
    );
    expect(evaluateRisk(declared, { models }).score).toBe(8);
    const checked = evaluateRisk(declared, {
      models,
      connectorExposures: catalog,
    });
    expect(checked.score).toBe(truthful.score);
    expect(checked.score).toBe(15);
    expect(integration(checked)).toEqual({
      ...integration(truthful),
      reason:
        'Third-party connector resource:default/jira; resource:default/jira is third-party in the catalog although the manifest declares internal',
    });
    expect(integration(checked).hint).toBe(
      'Replace resource:default/jira with internal connectors: −7',
    );
  });

  it('lifts the tier the manifest would have dropped', () => {
    // team reach 10 + internal connector 8 = 18 (low); third-party: 10 + 15 = 25 (medium).
    const declared: RiskInput = {
      ...spec(connector('resource:jira', 'internal')),
      reach: 'team',
    };
    expect(evaluateRisk(declared, { models })).toMatchObject({
      score: 18,
      tier: 'low',
    });
    expect(
      evaluateRisk(declared, { models, connectorExposures: catalog }),
    ).toMatchObject({ score: 25, tier: 'medium' });
  });

  it('uses the namespace option for refs without one', () => {
    const declared = spec(connector('resource:vault'));
    expect(
      evaluateRisk(declared, { models, connectorExposures: catalog }).score,
    ).toBe(8);
    expect(
      evaluateRisk(declared, {
        models,
        connectorExposures: catalog,
        namespace: 'legal',
      }).score,
    ).toBe(15);
  });

  it('leaves the score and reason alone when declared and catalog agree', () => {
    const declared = spec(
      connector('resource:confluence'),
      connector('resource:jira', 'third-party'),
    );
    expect(
      evaluateRisk(declared, { models, connectorExposures: catalog }),
    ).toEqual(evaluateRisk(declared, { models }));
  });
});
