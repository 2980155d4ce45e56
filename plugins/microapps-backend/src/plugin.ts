import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  buildRiskMatrix,
  microAppPermissions,
  parseModelCatalog,
} from '@trellis/plugin-microapps-common';
import { DatabaseAppRecordStore } from './database/DatabaseAppRecordStore';
import { DatabaseGovernanceStore } from './database/DatabaseGovernanceStore';
import { microAppPermissionResourceRef, microAppPermissionRules } from './permissions/rules';
import { createRouter } from './router';
import { GovernanceService } from './services/Governance/GovernanceService';
import { MarketplaceIndex } from './services/MarketplaceIndex/MarketplaceIndex';

/**
 * The Trellis backend plugin, served under `/api/microapps`.
 *
 * @public
 */
export const microAppsPlugin = createBackendPlugin({
  pluginId: 'microapps',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { auth, auditor, config, database, httpAuth, httpRouter, logger, scheduler, catalog } = deps;
        const models = parseModelCatalog(config.getOptional('microapps.models'));
        const riskMatrix = buildRiskMatrix(config.getOptional('microapps.risk'));
        const appRecords = await DatabaseAppRecordStore.create({ database });
        const governanceStore = await DatabaseGovernanceStore.create({ database });

        deps.permissionsRegistry.addResourceType({
          resourceRef: microAppPermissionResourceRef,
          permissions: microAppPermissions,
          rules: Object.values(microAppPermissionRules),
        });

        const marketplace = new MarketplaceIndex({
          catalog,
          auth,
          logger,
          appRecords,
          governance: governanceStore,
          models,
          riskMatrix,
        });
        await marketplace.start(
          scheduler,
          config.getOptionalNumber('microapps.marketplace.refreshIntervalSeconds') ?? 30,
        );

        const governance = new GovernanceService({
          store: governanceStore,
          catalog,
          permissions: deps.permissions,
          userInfo: deps.userInfo,
          ruleset: deps.permissionsRegistry.getPermissionRuleset(microAppPermissionResourceRef),
          models,
          riskMatrix,
          approvalTtlDays: config.getOptionalNumber('microapps.approvals.ttlDays') ?? 90,
          listApps: () => marketplace.listApps(),
          onApprovalsChanged: (app, approvals) => marketplace.updateApp(app, approvals),
        });

        httpRouter.use(
          await createRouter({ httpAuth, auditor, logger, governance, marketplace, models, riskMatrix }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
