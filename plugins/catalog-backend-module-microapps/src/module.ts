import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  buildRiskMatrix,
  parseModelCatalog,
} from '@trellis/plugin-microapps-common';
import { MicroAppEntitiesProcessor } from './processor/MicroAppEntitiesProcessor';

/**
 * Catalog module that adds the MicroApp kind.
 *
 * @public
 */
export const catalogModuleMicroApps = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'microapps',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        // The catalog client (over HTTP, with this plugin's own credentials)
        // to read connector Resources' exposure. Its factory needs only auth
        // and discovery, so depending on it from a catalog module makes no
        // startup cycle; the catalog plugin itself depends on it too.
        catalogService: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ catalog, config, catalogService, auth }) {
        catalog.addProcessor(
          new MicroAppEntitiesProcessor({
            models: parseModelCatalog(config.getOptional('microapps.models')),
            riskMatrix: buildRiskMatrix(config.getOptional('microapps.risk')),
            catalog: catalogService,
            auth,
          }),
        );
      },
    });
  },
});
