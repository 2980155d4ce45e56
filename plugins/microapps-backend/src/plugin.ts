import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuditLog } from './audit/AuditLog';
import { PublicBadges } from './badges/PublicBadges';
import { readMicroAppsConfig } from './config';
import { createGovernanceFeature } from './governance/governanceFeature';
import { MarketplaceIndex } from './marketplace/MarketplaceIndex';
import { createPoliciesFeature } from './policies/policiesFeature';
import { createRegistryFeature } from './registry/registryFeature';
import { createRouter } from './router';
import {
  warnAboutOpenPermissions,
  warnWithoutModelCatalog,
} from './startupWarnings';
import { createStores } from './stores';
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
        });
        const telemetry = await createTelemetryFeature({
          ...deps,
          ...registry,
          models: config.models,
          settings: config.telemetry,
          store: stores.telemetry,
          ingestKeyStore: stores.ingestKeys,
          killedApps: () => governance.engagedKillSwitches.get(),
        });
        const policies = await createPoliciesFeature({
          ...deps,
          settings: config.policies,
          registry: registry.registry,
          governanceStore: stores.governance,
          killSwitchOn: async ref =>
            (
              await governance.killSwitches.get(ref)
            ).enabled,
          telemetryStore: stores.telemetry,
          models: config.models,
        });
        const marketplace = new MarketplaceIndex({
          registry: registry.registry,
          approvals: stores.governance,
          killedApps: () => governance.engagedKillSwitches.get(),
          usageFigures: () =>
            telemetry.costReports.marketplaceFigures(
              new Date().toISOString().slice(0, 10),
            ),
        });
        deps.httpRouter.use(
          createRouter({
            ...deps,
            config,
            stores,
            registry,
            marketplace,
            governance,
            telemetry,
            policies,
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
        await registry.registry.start(
          deps.scheduler,
          config.registryRefreshSeconds,
        );
      },
    });
  },
});
