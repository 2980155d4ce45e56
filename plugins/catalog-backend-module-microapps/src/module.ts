import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
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
      },
      async init({ catalog, config }) {
        catalog.addProcessor(
          new MicroAppEntitiesProcessor({
            models: parseModelCatalog(config.getOptional('microapps.models')),
            riskMatrix: buildRiskMatrix(config.getOptional('microapps.risk')),
          }),
        );
      },
    });
  },
});
