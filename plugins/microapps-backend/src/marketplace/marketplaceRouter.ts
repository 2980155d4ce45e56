import type { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  BADGE_IDS,
  type ConnectorExposureMap,
  DATA_CLASSES,
  evaluateRisk,
  LIFECYCLE_STAGES,
  MARKETPLACE_SORTS,
  MICROAPP_TYPES,
  type ModelCatalogEntry,
  microAppModelsReadPermission,
  RISK_TIERS,
  riskInputSchema,
  type RiskMatrix,
} from '@trellis/plugin-microapps-common';
import type express from 'express';
import { createFeatureRouter } from '../schema/openApiRouter';
import { z } from 'zod';
import type { AppReadAccess } from '../registry/AppReadAccess';
import { normalizeGroupRef } from '../registry/governedApp';
import {
  freeList,
  intParam,
  listOf,
  parseInput,
} from '../shared/requestValidation';
import { ANYONE } from '../shared/routeHelpers';
import type { MarketplaceIndex } from './MarketplaceIndex';

const marketplaceQuerySchema = z.object({
  q: z.string().max(200).optional(),
  tier: listOf([...RISK_TIERS]),
  lifecycle: listOf([...LIFECYCLE_STAGES]),
  badge: listOf([...BADGE_IDS]),
  dataClass: listOf([...DATA_CLASSES]),
  owner: freeList,
  model: freeList,
  type: listOf([...MICROAPP_TYPES]),
  sort: z.enum(MARKETPLACE_SORTS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: intParam(1, 500, 20),
  offset: intParam(0, 1_000_000, 0),
});

const riskEvaluationSchema = z.object({ spec: riskInputSchema });

/**
 * The marketplace (`GET /apps`), the model catalog and the what-if risk
 * score a template shows while someone fills it in.
 */
export function createMarketplaceRouter(options: {
  httpAuth: HttpAuthService;
  access: AppReadAccess;
  marketplace: MarketplaceIndex;
  models: readonly ModelCatalogEntry[];
  riskMatrix: RiskMatrix;
  connectorExposures: () => ConnectorExposureMap;
}): express.Router {
  const { httpAuth, access, marketplace, models } = options;
  const router = createFeatureRouter();
  const requireModels = async (req: express.Request) =>
    access.require(
      await httpAuth.credentials(req, ANYONE),
      microAppModelsReadPermission,
      'the model catalog',
    );

  router.get('/models', async (req, res) => {
    await requireModels(req);
    res.json({ items: [...models] });
  });

  router.post('/risk/evaluate', async (req, res) => {
    await requireModels(req);
    const { spec } = parseInput(riskEvaluationSchema, req.body, 'request body');
    res.json(
      evaluateRisk(spec, {
        models,
        matrix: options.riskMatrix,
        connectorExposures: options.connectorExposures(),
      }),
    );
  });

  router.get('/apps', async (req, res) => {
    const credentials = await httpAuth.credentials(req, ANYONE);
    const query = parseInput(marketplaceQuerySchema, req.query, 'query');
    const visibility = await access.forCaller(credentials);
    res.json(
      await marketplace.query(
        {
          ...query,
          sort: query.sort ?? (query.q?.trim() ? 'relevance' : 'name'),
          owner: query.owner?.map(owner => normalizeGroupRef(owner)),
        },
        visibility.everything ? undefined : visibility.canRead,
      ),
    );
  });

  return router;
}
