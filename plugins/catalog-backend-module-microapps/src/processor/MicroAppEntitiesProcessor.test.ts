import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CONNECTOR_EXPOSURE_ANNOTATION,
  DEFAULT_RISK_MATRIX,
  evaluateRisk,
  type MicroAppConnector,
  type MicroAppEntity,
  type ModelCatalogEntry,
  RISK_SCORE_ANNOTATION,
  RISK_TIER_LABEL,
} from '@trellis/plugin-microapps-common';
import {
  MicroAppEntitiesProcessor,
  type MicroAppEntitiesProcessorOptions,
} from './MicroAppEntitiesProcessor';

const models: ModelCatalogEntry[] = [
  {
    id: 'ent',
    provider: 'azure',
    status: 'approved',
    hosting: 'enterprise',
    pricing: { inputPer1M: 1, outputPer1M: 2 },
  },
];
const location = { type: 'url', target: 'https://git.example/catalog.yaml' };

function resource(name: string, exposure?: string, namespace?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace,
      annotations: exposure
        ? { [CONNECTOR_EXPOSURE_ANNOTATION]: exposure }
        : undefined,
    },
    spec: { type: 'connector', owner: 'group:default/platform' },
  };
}

const catalogEntities = [
  resource('jira', 'third-party'),
  resource('confluence', 'internal'),
  resource('unannotated'),
  resource('vault', 'third-party', 'legal'),
];

/** team reach 10 + one internal read connector 8 = 18, low; third-party: 25, medium. */
function microApp(
  connectors: MicroAppConnector[],
  namespace?: string,
): MicroAppEntity {
  return {
    apiVersion: 'trellis.dev/v1alpha1',
    kind: 'MicroApp',
    metadata: { name: 'ticket-bot', namespace },
    spec: {
      type: 'assistant',
      lifecycle: 'sandbox',
      owner: 'group:default/support',
      version: '1.0.0',
      costCenter: 'CC-1',
      reach: 'team',
      data: { classifications: ['public'], pii: 'none' },
      connectors,
      models: ['ent'],
      dependencies: { risk: 'minimal', sbom: 'https://sbom.example/a.json' },
    },
  };
}

const connector = (
  name: string,
  exposure: MicroAppConnector['exposure'] = 'internal',
): MicroAppConnector => ({ name, exposure, access: 'read' });

function setup(options: Partial<MicroAppEntitiesProcessorOptions> = {}) {
  const catalog = catalogServiceMock({ entities: catalogEntities });
  const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
  const processor = new MicroAppEntitiesProcessor({
    models,
    riskMatrix: DEFAULT_RISK_MATRIX,
    catalog,
    auth: mockServices.auth(),
    ...options,
  });
  const process = async (entity: MicroAppEntity) => {
    const emitted: CatalogProcessorResult[] = [];
    const result = await processor.postProcessEntity(entity, location, item =>
      emitted.push(item),
    );
    const errors = emitted.flatMap(item =>
      item.type === 'error' ? [item] : [],
    );
    return {
      result,
      errors,
      messages: errors.map(e => e.error.message),
      relations: emitted.filter(item => item.type === 'relation'),
    };
  };
  return { process, getEntitiesByRefs };
}

const stamped = (entity: Entity) => ({
  tier: entity.metadata.labels?.[RISK_TIER_LABEL],
  score: entity.metadata.annotations?.[RISK_SCORE_ANNOTATION],
});

const truthfulRisk = (app: MicroAppEntity) =>
  evaluateRisk(
    {
      ...app.spec,
      connectors: app.spec.connectors?.map(c => ({
        ...c,
        exposure: 'third-party' as const,
      })),
    },
    { models },
  );

describe('MicroAppEntitiesProcessor connector exposure check', () => {
  it('refuses an internal declaration for a third-party Resource, naming the field, and stamps the worse risk', async () => {
    const { process, getEntitiesByRefs } = setup();
    const app = microApp([connector('resource:default/jira')]);
    const { result, errors, messages, relations } = await process(app);

    expect(messages).toEqual([
      "Invalid MicroApp ticket-bot: spec.connectors[0].exposure is internal, but the catalog's resource:default/jira is third-party (annotation trellis.dev/connector-exposure); declare spec.connectors[0].exposure: third-party",
    ]);
    expect(errors[0]).toMatchObject({
      type: 'error',
      location,
      error: { name: 'InputError' },
    });
    // Scored as if the manifest told the truth: 25, medium (it declares 18, low).
    expect(evaluateRisk(app.spec, { models })).toMatchObject({
      score: 18,
      tier: 'low',
    });
    expect(stamped(result)).toEqual({ tier: 'medium', score: '25' });
    expect(stamped(result)).toEqual({
      tier: truthfulRisk(app).tier,
      score: String(truthfulRisk(app).score),
    });
    // Relations are still emitted; the catalog reads the Resource once, with the processor's own credentials.
    expect(relations).toHaveLength(4);
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(getEntitiesByRefs.mock.calls[0][0].entityRefs).toEqual([
      'resource:default/jira',
    ]);
    expect(getEntitiesByRefs.mock.calls[0][1]).toEqual({
      credentials: expect.objectContaining({
        principal: expect.objectContaining({ type: 'service' }),
      }),
    });
  });

  it('names the index of each misdeclared connector', async () => {
    const { process } = setup();
    const { messages } = await process(
      microApp([
        connector('resource:confluence'),
        connector('slack'),
        connector('Resource:Default/Jira'),
      ]),
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('spec.connectors[2].exposure is internal');
    expect(messages[0]).toContain(
      "the catalog's Resource:Default/Jira is third-party",
    );
  });

  it.each([
    ['matches the catalog', connector('resource:confluence')],
    [
      'is worse than the catalog',
      connector('resource:confluence', 'third-party'),
    ],
    ['names a Resource that is not in the catalog', connector('resource:nope')],
    [
      'names a Resource without the annotation',
      connector('resource:unannotated'),
    ],
    ['is a plain label', connector('jira')],
  ])('changes nothing when the declared exposure %s', async (_, declared) => {
    const { process } = setup();
    const app = microApp([declared]);
    const { result, errors } = await process(app);
    expect(errors).toEqual([]);
    const risk = evaluateRisk(app.spec, { models });
    expect(stamped(result)).toEqual({
      tier: risk.tier,
      score: String(risk.score),
    });
  });

  it('resolves a connector ref without namespace in the MicroApp namespace', async () => {
    const { process, getEntitiesByRefs } = setup();
    const inLegal = await process(
      microApp([connector('resource:vault')], 'legal'),
    );
    expect(getEntitiesByRefs.mock.calls[0][0].entityRefs).toEqual([
      'resource:legal/vault',
    ]);
    expect(inLegal.messages[0]).toContain('spec.connectors[0].exposure');
    expect(
      (await process(microApp([connector('resource:vault')]))).errors,
    ).toEqual([]);
  });

  it('fails processing, rather than trusting the manifest, when the catalog cannot be read', async () => {
    const catalog = catalogServiceMock.mock({
      getEntitiesByRefs: jest.fn().mockRejectedValue(new Error('catalog down')),
    });
    const { process } = setup({ catalog });
    await expect(
      process(microApp([connector('resource:jira')])),
    ).rejects.toThrow(
      'Could not read the connector Resources resource:default/jira from the catalog to check their exposure: Error: catalog down',
    );
  });

  it('does not ask the catalog for apps without resource connectors', async () => {
    const { process, getEntitiesByRefs } = setup();
    await process(microApp([connector('jira')]));
    await process(microApp([]));
    expect(getEntitiesByRefs).not.toHaveBeenCalled();
  });

  it('reuses what it read for other apps for a short while', async () => {
    const cached = setup();
    await cached.process(microApp([connector('resource:jira')]));
    await cached.process(
      microApp([connector('resource:jira'), connector('resource:nope')]),
    );
    const second = await cached.process(microApp([connector('resource:nope')]));
    expect(second.errors).toEqual([]);
    expect(
      cached.getEntitiesByRefs.mock.calls.map(([r]) => r.entityRefs),
    ).toEqual([['resource:default/jira'], ['resource:default/nope']]);

    const uncached = setup({ connectorCacheMillis: 0 });
    await uncached.process(microApp([connector('resource:jira')]));
    const again = await uncached.process(
      microApp([connector('resource:jira')]),
    );
    expect(again.messages).toHaveLength(1);
    expect(uncached.getEntitiesByRefs).toHaveBeenCalledTimes(2);
  });

  it('trusts declared exposures when given no catalog, as before', async () => {
    const processor = new MicroAppEntitiesProcessor({
      models,
      riskMatrix: DEFAULT_RISK_MATRIX,
    });
    const emitted: CatalogProcessorResult[] = [];
    const result = await processor.postProcessEntity(
      microApp([connector('resource:jira')]),
      location,
      item => emitted.push(item),
    );
    expect(emitted.filter(item => item.type === 'error')).toEqual([]);
    expect(stamped(result)).toEqual({ tier: 'low', score: '18' });
  });

  it('needs auth along with a catalog', () => {
    expect(
      () =>
        new MicroAppEntitiesProcessor({
          models,
          riskMatrix: DEFAULT_RISK_MATRIX,
          catalog: catalogServiceMock(),
        }),
    ).toThrow('needs auth');
  });
});
