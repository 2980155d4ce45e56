import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { buildRiskMatrix, parseModelCatalog } from '@trellis/plugin-microapps-common';
import { DatabaseAppRecordStore } from './database/DatabaseAppRecordStore';
import { createRouter } from './router';
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
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
      },
      async init({ auth, config, database, httpAuth, httpRouter, logger, scheduler, catalog }) {
        const models = parseModelCatalog(config.getOptional('microapps.models'));
        const riskMatrix = buildRiskMatrix(config.getOptional('microapps.risk'));
        const appRecords = await DatabaseAppRecordStore.create({ database });

        const marketplace = new MarketplaceIndex({
          catalog,
          auth,
          logger,
          appRecords,
          models,
          riskMatrix,
        });
        await marketplace.start(
          scheduler,
          config.getOptionalNumber('microapps.marketplace.refreshIntervalSeconds') ?? 30,
        );

        httpRouter.use(
          await createRouter({ httpAuth, logger, catalog, marketplace, models, riskMatrix }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
