import type { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BADGE_IDS,
  CONNECTOR_ACCESS,
  CONNECTOR_EXPOSURES,
  DATA_CLASSES,
  DEPENDENCY_RISK_LEVELS,
  evaluateRisk,
  LIFECYCLE_STAGES,
  MARKETPLACE_SORTS,
  MICROAPP_KIND,
  MICROAPP_TYPES,
  type ModelCatalogEntry,
  PII_HANDLING,
  REACH_VALUES,
  RISK_TIERS,
  type RiskMatrix,
  validateMicroAppEntity,
} from '@trellis/plugin-microapps-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { describeApp } from './services/AppDetails/describeApp';
import { MarketplaceIndex, normalizeGroupRef } from './services/MarketplaceIndex/MarketplaceIndex';
import { parseInput } from './services/requestValidation';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  catalog: CatalogService;
  marketplace: MarketplaceIndex;
  models: readonly ModelCatalogEntry[];
  riskMatrix: RiskMatrix;
}

/** A query parameter given once, repeated, or comma-separated: `tier=high,medium`. */
const splitList = (raw: unknown) =>
  raw === undefined
    ? undefined
    : ([] as unknown[])
        .concat(raw)
        .flatMap(value => String(value).split(','))
        .map(value => value.trim())
        .filter(Boolean);
const listOf = <T extends [string, ...string[]]>(values: T) =>
  z.preprocess(splitList, z.array(z.enum(values)).optional());
const freeList = z.preprocess(splitList, z.array(z.string().min(1).max(255)).optional());
const intParam = (min: number, max: number, fallback: number) =>
  z.preprocess(
    raw => (raw === undefined || raw === '' ? fallback : Number(raw)),
    z
      .number({ invalid_type_error: `must be a whole number from ${min} to ${max}` })
      .int(`must be a whole number from ${min} to ${max}`)
      .min(min, `must be a whole number from ${min} to ${max}`)
      .max(max, `must be a whole number from ${min} to ${max}`),
  );

const marketplaceQuerySchema = z.object({
  q: z.string().max(200).optional(),
  tier: listOf([...RISK_TIERS]),
  lifecycle: listOf([...LIFECYCLE_STAGES]),
  badge: listOf([...BADGE_IDS]),
  dataClass: listOf([...DATA_CLASSES]),
  owner: freeList,
  model: freeList,
  type: listOf([...MICROAPP_TYPES]),
  sort: z.enum(MARKETPLACE_SORTS).default('name'),
  order: z.enum(['asc', 'desc']).optional(),
  limit: intParam(1, 500, 20),
  offset: intParam(0, 1_000_000, 0),
});

const riskInputSchema = z.object({
  spec: z
    .object({
      reach: z.enum(REACH_VALUES),
      data: z.object({
        classifications: z.array(z.enum(DATA_CLASSES)).min(1, 'must list at least one data class'),
        pii: z.enum(PII_HANDLING),
      }),
      connectors: z
        .array(
          z.object({
            name: z.string().min(1).max(255),
            exposure: z.enum(CONNECTOR_EXPOSURES),
            access: z.enum(CONNECTOR_ACCESS),
          }),
        )
        .max(100)
        .optional(),
      models: z.array(z.string().min(1).max(255)).max(50),
      dependencies: z.object({
        risk: z.enum(DEPENDENCY_RISK_LEVELS),
        sbom: z.string().max(2048).optional(),
      }),
    })
    // Other manifest fields may be sent along; they do not change the score.
    .passthrough(),
});

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, catalog, marketplace, models, riskMatrix } = options;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/models', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: models });
  });

  router.post('/risk/evaluate', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { spec } = parseInput(riskInputSchema, req.body, 'request body');
    res.json(evaluateRisk(spec, { models, matrix: riskMatrix }));
  });

  router.get('/apps', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = parseInput(marketplaceQuerySchema, req.query, 'query');
    res.json(
      await marketplace.query({
        ...query,
        owner: query.owner?.map(owner => normalizeGroupRef(owner)),
      }),
    );
  });

  router.get('/apps/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { namespace, name } = req.params;
    // Read with the caller's credentials so catalog read permissions apply.
    const entity = await catalog.getEntityByRef(
      { kind: MICROAPP_KIND, namespace, name },
      { credentials },
    );
    const validated = entity && validateMicroAppEntity(entity);
    if (!validated || !validated.valid) {
      throw new NotFoundError(`No MicroApp named ${namespace}/${name}`);
    }
    res.json(describeApp(validated.entity, { models, riskMatrix }));
  });

  return router;
}
