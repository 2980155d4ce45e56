import type {
  AuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type KillSwitchState,
  type ModelCatalogEntry,
  microAppPermissions,
  type RiskMatrix,
} from '@trellis/plugin-microapps-common';
import {
  microAppPermissionResourceRef,
  microAppPermissionRules,
  parseMicroAppResourceRef,
} from '@trellis/plugin-microapps-node';
import { AppReadAccess } from './AppReadAccess';
import type { AppRecordStore } from './AppRecordStore';
import { AppRegistry } from './AppRegistry';
import { createAppLoader } from './loadApp';
import { resourceOf } from './resourceOf';

/**
 * The app registry, who may read which app, and the MicroApp permission
 * resource type (rules, and resources for conditional decisions).
 */
export function createRegistryFeature(options: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  appRecords: AppRecordStore;
  models: readonly ModelCatalogEntry[];
  riskMatrix: RiskMatrix;
  /** The kill switch of an app, as permission rules see it. */
  killSwitchOf: (entityRef: string) => Promise<KillSwitchState | undefined>;
}) {
  const registry = new AppRegistry(options);
  options.permissionsRegistry.addResourceType({
    resourceRef: microAppPermissionResourceRef,
    permissions: microAppPermissions,
    rules: Object.values(microAppPermissionRules),
    // Conditional decisions on a resource ref (e.g. from the frontend's
    // usePermission) are applied to the app as the registry knows it.
    getResources: resourceRefs =>
      Promise.all(
        resourceRefs.map(async resourceRef => {
          const { entityRef, badge } = parseMicroAppResourceRef(resourceRef);
          const app = await registry.findApp(entityRef);
          return app
            ? resourceOf(app, {
                badge,
                killSwitch: await options.killSwitchOf(entityRef),
              })
            : undefined;
        }),
      ),
  });
  const ruleset = options.permissionsRegistry.getPermissionRuleset(
    microAppPermissionResourceRef,
  );
  const access = new AppReadAccess({
    permissions: options.permissions,
    catalog: options.catalog,
    ruleset,
  });
  const loadApp = createAppLoader({
    catalog: options.catalog,
    access,
    scoring: () => registry.scoring(),
  });
  return { registry, access, ruleset, loadApp };
}

export type RegistryFeature = ReturnType<typeof createRegistryFeature>;
