import {
  BADGE_IDS,
  CONNECTOR_ACCESS,
  CONNECTOR_EXPOSURES,
  COST_GROUP_BYS,
  DATA_CLASSES,
  DEPENDENCY_RISK_LEVELS,
  GATED_STAGES,
  LIFECYCLE_STAGES,
  MARKETPLACE_SORTS,
  MICROAPP_TYPES,
  MODEL_HOSTINGS,
  MODEL_STATUSES,
  PII_HANDLING,
  POLICY_DECISIONS,
  REACH_VALUES,
  RISK_TIERS,
  VIOLATION_SEVERITIES,
  VIOLATION_TYPES,
} from '@trellis/plugin-microapps-common';
import type express from 'express';
import { createRouter, type RouterOptions } from '../router';
import { spec } from './openapi.generated';

/**
 * Stands in for every collaborator of createRouter: building the route table
 * reads some of their properties, and no handler runs here.
 */
function inert(): any {
  const stand: any = new Proxy(() => stand, {
    get: (_target, property) => (property === 'then' ? undefined : stand),
  });
  return stand;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** `GET /apps/{namespace}/{name}` for every route of a router, nested routers included. */
function routesOf(router: express.Router): string[] {
  const routes: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
        for (const method of Object.keys(layer.route.methods)) {
          routes.push(`${method.toUpperCase()} ${path}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((router as unknown as { stack: Layer[] }).stack);
  return routes;
}

const documented = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.keys(item)
    .filter(key => ['get', 'post', 'put', 'delete', 'patch'].includes(key))
    .map(method => `${method.toUpperCase()} ${path}`),
);

describe('the OpenAPI document', () => {
  it('describes every route the plugin serves, and nothing it does not', () => {
    const options = inert() as RouterOptions;
    const served = routesOf(createRouter(options)).filter(
      // Served by Backstage's OpenAPI tooling from the document itself.
      route => route !== 'GET /openapi.json',
    );
    expect([...new Set(served)].sort()).toEqual([...documented].sort());
  });

  it("lists the same values as the code's vocabulary", () => {
    const { schemas } = spec.components;
    const enumOf = (name: keyof typeof schemas) =>
      (schemas[name] as { enum?: readonly string[] }).enum;
    expect({
      BadgeId: enumOf('BadgeId'),
      ConnectorAccess: enumOf('ConnectorAccess'),
      ConnectorExposure: enumOf('ConnectorExposure'),
      CostGroupBy: enumOf('CostGroupBy'),
      DataClass: enumOf('DataClass'),
      DependencyRiskLevel: enumOf('DependencyRiskLevel'),
      GatedStage: enumOf('GatedStage'),
      LifecycleStage: enumOf('LifecycleStage'),
      MarketplaceSort: enumOf('MarketplaceSort'),
      MicroAppType: enumOf('MicroAppType'),
      ModelHosting: enumOf('ModelHosting'),
      ModelStatus: enumOf('ModelStatus'),
      PiiHandling: enumOf('PiiHandling'),
      PolicyDecision: enumOf('PolicyDecision'),
      Reach: enumOf('Reach'),
      RiskTier: enumOf('RiskTier'),
      ViolationSeverity: enumOf('ViolationSeverity'),
      ViolationType: enumOf('ViolationType'),
    }).toEqual({
      BadgeId: BADGE_IDS,
      ConnectorAccess: CONNECTOR_ACCESS,
      ConnectorExposure: CONNECTOR_EXPOSURES,
      CostGroupBy: COST_GROUP_BYS,
      DataClass: DATA_CLASSES,
      DependencyRiskLevel: DEPENDENCY_RISK_LEVELS,
      GatedStage: GATED_STAGES,
      LifecycleStage: LIFECYCLE_STAGES,
      MarketplaceSort: MARKETPLACE_SORTS,
      MicroAppType: MICROAPP_TYPES,
      ModelHosting: MODEL_HOSTINGS,
      ModelStatus: MODEL_STATUSES,
      PiiHandling: PII_HANDLING,
      PolicyDecision: POLICY_DECISIONS,
      Reach: REACH_VALUES,
      RiskTier: RISK_TIERS,
      ViolationSeverity: VIOLATION_SEVERITIES,
      ViolationType: VIOLATION_TYPES,
    });
  });
});
