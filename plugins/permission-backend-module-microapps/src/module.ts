import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  readKillSwitchStewardRoles,
  readStewardGroups,
} from '@trellis/plugin-microapps-node';
import { MicroAppsPermissionPolicy } from './MicroAppsPermissionPolicy';

/**
 * Installs {@link MicroAppsPermissionPolicy} as the portal's permission
 * policy, in place of the allow-all policy module.
 *
 * @public
 */
export const permissionModuleMicroAppsPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'microapps-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new MicroAppsPermissionPolicy(readStewardGroups(config), {
            killSwitchStewardRoles: readKillSwitchStewardRoles(config),
          }),
        );
      },
    });
  },
});
