import {
  coreServices,
  createBackendPlugin,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuditLog } from './audit/AuditLog';
import { PublicBadges } from './badges/PublicBadges';
import { readMicroAppsConfig } from './config';
import { createGovernanceFeature } from './governance/governanceFeature';
import { createIncidentsFeature } from './incidents/incidentsFeature';
import { MarketplaceIndex } from './marketplace/MarketplaceIndex';
import { createPoliciesFeature } from './policies/policiesFeature';
import { createRegistryFeature } from './registry/registryFeature';
import { createRouter } from './router';
import {
  warnAboutOpenPermissions,
  warnWithoutModelCatalog,
} from './startupWarnings';
import { createStores, type MicroAppsStores } from './stores';
import { createTelemetryFeature } from './telemetry/telemetryFeature';

const pluginDeps = {
  auth: coreServices.auth,
  auditor: coreServices.auditor,
  rootConfig: coreServices.rootConfig,
  rootInstanceMetadata: coreServices.rootInstanceMetadata,
  discovery: coreServices.discovery,
  database: coreServices.database,
  httpAuth: coreServices.httpAuth,
  httpRouter: coreServices.httpRouter,
  lifecycle: coreServices.lifecycle,
  logger: coreServices.logger,
  permissions: coreServices.permissions,
  permissionsRegistry: coreServices.permissionsRegistry,
  scheduler: coreServices.scheduler,
  urlReader: coreServices.urlReader,
  userInfo: coreServices.userInfo,
  catalog: catalogServiceRef,
  notificationService,
};

/**
 * The Trellis backend plugin, served under `/api/microapps`.
 *
 * @public
 */
export const microAppsPlugin = createBackendPlugin({
  pluginId: 'microapps',
  register(env) {
    env.registerInit({
      deps: pluginDeps,
      async init(deps) {
        const config = readMicroAppsConfig(deps.rootConfig);
        warnWithoutModelCatalog(deps.rootConfig, deps.logger);
        deps.lifecycle.addStartupHook(() => warnAboutOpenPermissions(deps));
        const stores = await createStores(deps.database);
        const registry = createRegistryFeature({
          ...deps,
          ...config,
          appRecords: stores.appRecords,
          killSwitchOf: ref => stores.governance.getKillSwitch(ref),
        });
        const governance = await createGovernanceFeature({
          ...deps,
          ...config,
          ...registry,
          store: stores.governance,
          promotionBlocks: ref => stores.policyFirings.promotionBlocks(ref),
          ...incidentKillSwitchEvents(stores, deps.logger),
        });
        const telemetry = await createTelemetryFeature({
          ...deps,
          ...registry,
          models: config.models,
          settings: config.telemetry,
          schedules: config.schedules,
          store: stores.telemetry,
          ingestKeyStore: stores.ingestKeys,
          killedApps: () => governance.engagedKillSwitches.get(),
        });
        const policies = await createPoliciesFeature({
          ...deps,
          ...config,
          settings: config.policies,
          registry: registry.registry,
          stores,
          governance,
        });
        deps.httpRouter.use(
          createRouter({
            ...deps,
            config,
            stores,
            registry,
            marketplace: new MarketplaceIndex({
              registry: registry.registry,
              approvals: stores.governance,
              killedApps: () => governance.engagedKillSwitches.get(),
              usageFigures: () => telemetry.costReports.marketplaceFigures(),
            }),
            governance,
            telemetry,
            policies,
            incidents: createIncidentsFeature({
              ...deps,
              ...config,
              registry,
              guard: governance.guard,
              store: stores.incidents,
            }),
            publicBadges: new PublicBadges({
              store: stores.governance,
              guard: governance.guard,
            }),
            auditLog: new AuditLog({ ...deps, store: stores.governance }),
          }),
        );
        // The receiver authenticates itself: ingest keys are no Backstage
        // tokens. Public badges are reached by their unguessable address.
        for (const path of ['/health', '/v1/traces', '/public']) {
          deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }
        await registry.registry.start(deps.scheduler, config);
      },
    });
  },
});

/**
 * Kill-switch releases on an app's open incident's timeline: the first of
 * two stewards' keys and the release. Told after the commit; a failure is
 * logged, the release stands.
 */
function incidentKillSwitchEvents(
  stores: MicroAppsStores,
  logger: LoggerService,
) {
  const record = (entityRef: string, actor: string, text: string) =>
    stores.incidents
      .recordKillSwitchEvent(entityRef, {
        actor,
        text,
        occurredAt: new Date().toISOString(),
      })
      .catch(error =>
        logger.warn(
          `Could not add the kill-switch event to the incident of ${entityRef}: ${error}`,
        ),
      );
  return {
    onReleaseRequested: (
      app: { entityRef: string },
      requestedBy: string,
      reason: string,
    ) => {
      record(
        app.entityRef,
        requestedBy,
        `Asked to release the kill switch (first of two stewards): ${reason}`,
      );
    },
    onReleased: (
      app: { entityRef: string },
      release: { releasedBy: string; requestedBy?: string },
    ) => {
      record(
        app.entityRef,
        release.releasedBy,
        release.requestedBy
          ? 'Released the kill switch as the second of two stewards'
          : 'Released the kill switch',
      );
    },
  };
}
