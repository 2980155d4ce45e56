/*
 * The features of the Trellis example portal backend: a standard Backstage
 * backend with the Trellis plugins added the way an adopter adds them.
 * index.ts adds them to the backend it starts; portalWiring.test.ts starts
 * them in a test backend (static imports, as Jest cannot load `import()`).
 */
import type { BackendFeature } from '@backstage/backend-plugin-api';
import appPlugin from '@backstage/plugin-app-backend';
import authPlugin from '@backstage/plugin-auth-backend';
import authModuleGuestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleLogs from '@backstage/plugin-catalog-backend-module-logs';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import catalogModuleUnprocessed from '@backstage/plugin-catalog-backend-module-unprocessed';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleNotifications from '@backstage/plugin-scaffolder-backend-module-notifications';
import signalsPlugin from '@backstage/plugin-signals-backend';
import userSettingsPlugin from '@backstage/plugin-user-settings-backend';
import catalogModuleMicroApps from '@trellis/plugin-catalog-backend-module-microapps';
import microAppsPlugin from '@trellis/plugin-microapps-backend';
import permissionModuleMicroApps from '@trellis/plugin-permission-backend-module-microapps';
import { devUsersAuthModule } from './devSignIn/devUsersAuthModule';
import { devUsersListPlugin } from './devSignIn/devUsersListPlugin';
import { exampleGovernancePlugin } from './exampleGovernance/exampleGovernancePlugin';
import { exampleManifestChangesModule } from './exampleGovernance/exampleManifestChanges';
import { exampleTrafficPlugin } from './exampleTraffic/exampleTrafficPlugin';

export const portalFeatures: BackendFeature[] = [
  appPlugin,

  authPlugin,
  authModuleGuestProvider,
  // Sign in as any example user; switches itself off outside development.
  devUsersAuthModule,
  devUsersListPlugin,

  catalogPlugin,
  catalogModuleScaffolderEntityModel,
  catalogModuleLogs,
  // Lists entities that failed processing, such as invalid MicroApp manifests.
  catalogModuleUnprocessed,
  scaffolderPlugin,
  scaffolderModuleNotifications,

  permissionPlugin,
  // Trellis's steward decision for the microapps permissions, everything else allowed.
  // Steward groups from microapps.stewards decide who grants which badge.
  permissionModuleMicroApps,

  userSettingsPlugin,
  notificationsPlugin,
  signalsPlugin,

  // Trellis
  catalogModuleMicroApps,
  microAppsPlugin,
  // Example portal only: generated telemetry history on first start (trellis.exampleTraffic).
  exampleTrafficPlugin,
  // Example portal only: approvals, a revocation, a change request and a kill
  // switch by the example stewards on first start (trellis.exampleGovernance),
  // and a manifest its team changes after the review, which the catalog delivers.
  exampleGovernancePlugin,
  exampleManifestChangesModule,
];
