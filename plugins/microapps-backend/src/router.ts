import type {
  AuditorService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type express from 'express';
import Router from 'express-promise-router';
import type { AuditLog } from './audit/AuditLog';
import { createAuditRouter } from './audit/auditRouter';
import {
  createBadgesRouter,
  createPublicBadgesRouter,
} from './badges/badgesRouter';
import type { PublicBadges } from './badges/PublicBadges';
import type { MicroAppsConfig } from './config';
import { createApprovalsRouter } from './governance/approvals/approvalsRouter';
import type { GovernanceFeature } from './governance/governanceFeature';
import { createKillSwitchRouter } from './governance/killSwitch/killSwitchRouter';
import { createReviewsRouter } from './governance/reviews/reviewsRouter';
import type { MarketplaceIndex } from './marketplace/MarketplaceIndex';
import { createMarketplaceRouter } from './marketplace/marketplaceRouter';
import type { PoliciesFeature } from './policies/policiesFeature';
import type { IncidentsFeature } from './incidents/incidentsFeature';
import { createIncidentsRouter } from './incidents/incidentsRouter';
import { createPoliciesRouter } from './policies/policiesRouter';
import { createOpenApiRouter, parseJsonBody } from './schema/openApiRouter';
import type { RegistryFeature } from './registry/registryFeature';
import { createAppOf } from './registry/appOf';
import type { MicroAppsStores } from './stores';
import {
  createIngestIdentifier,
  createIngestKeysRouter,
} from './telemetry/receiver/ingestKeysRouter';
import { createOtlpHandler } from './telemetry/receiver/otlpHandler';
import {
  createCostsRouter,
  createViolationsRouter,
} from './telemetry/reports/reportsRouter';
import type { TelemetryFeature } from './telemetry/telemetryFeature';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  discovery: DiscoveryService;
  config: MicroAppsConfig;
  stores: MicroAppsStores;
  registry: RegistryFeature;
  marketplace: MarketplaceIndex;
  governance: GovernanceFeature;
  telemetry: TelemetryFeature;
  policies: PoliciesFeature;
  incidents: IncidentsFeature;
  publicBadges: PublicBadges;
  auditLog: AuditLog;
}

/** Every route of the plugin, each feature's router in turn. */
export function createRouter(options: RouterOptions): express.Router {
  const { httpAuth, auditor, registry, governance, telemetry } = options;
  const appOf = createAppOf(httpAuth, registry.loadApp);
  const router = Router();
  // The OTLP receiver reads its own body (gzip, protobuf, a larger limit): before the JSON parser.
  router.post('/v1/traces', otlpReceiver(options));
  const api = createOpenApiRouter({
    validateResponses: options.config.validateResponses,
  });
  router.use(parseJsonBody, api);
  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const reports = {
    httpAuth,
    access: registry.access,
    store: telemetry.store,
    costReports: telemetry.costReports,
    listApps: () => registry.registry.listApps(),
    appOf,
  };
  api.use(
    createMarketplaceRouter({
      httpAuth,
      access: registry.access,
      marketplace: options.marketplace,
      models: options.config.models,
      riskMatrix: options.config.riskMatrix,
      connectorExposures: () => registry.registry.connectorExposures(),
    }),
    createCostsRouter(reports),
    createViolationsRouter(reports),
    createIngestKeysRouter({
      httpAuth,
      ingestKeys: telemetry.ingestKeys,
      appOf,
    }),
    createApprovalsRouter({
      auditor,
      approvals: governance.approvals,
      appOf,
      usageOf: entityRef => options.marketplace.usageOf(entityRef),
    }),
    createKillSwitchRouter({
      auditor,
      killSwitches: governance.killSwitches,
      appOf,
    }),
    createBadgesRouter({
      auditor,
      discovery: options.discovery,
      approvals: governance.approvals,
      publicBadges: options.publicBadges,
      appOf,
    }),
    createPublicBadgesRouter({
      approvals: governance.approvals,
      appRecords: options.stores.appRecords,
      registry: registry.registry,
    }),
    createReviewsRouter({ httpAuth, inbox: governance.inbox }),
    createAuditRouter({ httpAuth, auditLog: options.auditLog }),
    createPoliciesRouter({
      httpAuth,
      access: registry.access,
      loader: options.policies.loader,
      loadApp: registry.loadApp,
      inputOf: options.policies.inputOf,
      firings: options.policies.firings,
    }),
    createIncidentsRouter({
      httpAuth,
      auditor,
      incidents: options.incidents.incidents,
      appOf,
    }),
  );
  return router;
}

/** `POST /v1/traces`: OTLP/HTTP export, authenticated by an ingest key. */
function otlpReceiver(options: RouterOptions): express.RequestHandler {
  const { httpAuth, registry, telemetry } = options;
  return createOtlpHandler({
    identify: createIngestIdentifier({
      httpAuth,
      access: registry.access,
      ingestKeys: telemetry.ingestKeys,
    }),
    logger: options.logger,
    ingest: async (decoded, identity) => {
      const result = await telemetry.ingest.ingest(decoded, identity);
      // Within the request, so that a burst that crosses a policy's
      // threshold is acted on before the exporter hears back.
      await options.policies.engine.afterIngest(result.appsWithViolations);
      return result;
    },
    bodyLimits: telemetry.receiver.bodyLimits,
    decoder: telemetry.decoder,
    maxConcurrentRequests: telemetry.receiver.maxConcurrentRequests,
    maxConcurrentRequestsPerCaller:
      telemetry.receiver.maxConcurrentRequestsPerCaller,
  });
}
