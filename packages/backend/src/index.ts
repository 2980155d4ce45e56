/*
 * The Trellis example portal backend: a standard Backstage backend with the
 * Trellis plugins added the way an adopter adds them.
 */
import { createBackend } from '@backstage/backend-defaults';
import { devUsersAuthModule } from './devSignIn/devUsersAuthModule';
import { devUsersListPlugin } from './devSignIn/devUsersListPlugin';
import { exampleTrafficPlugin } from './exampleTraffic/exampleTrafficPlugin';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Sign in as any example user; switches itself off outside development.
backend.add(devUsersAuthModule);
backend.add(devUsersListPlugin);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Lists entities that failed processing, such as invalid MicroApp manifests.
backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

backend.add(import('@backstage/plugin-permission-backend'));
// Trellis's steward decision for the microapps permissions, everything else allowed.
// Steward groups from microapps.stewards decide who grants which badge.
backend.add(import('@trellis/plugin-permission-backend-module-microapps'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Trellis
backend.add(import('@trellis/plugin-catalog-backend-module-microapps'));
backend.add(import('@trellis/plugin-microapps-backend'));
// Example portal only: generated telemetry history on first start (trellis.exampleTraffic).
backend.add(exampleTrafficPlugin);

backend.start();
