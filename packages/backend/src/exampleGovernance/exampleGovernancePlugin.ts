import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { devSignInAllowed } from '../devSignIn/devSignInAllowed';
import { exampleTrafficSettled } from '../exampleTraffic/exampleTrafficPlugin';
import { ExampleGovernanceSeeder } from './ExampleGovernanceSeeder';
import { EXAMPLE_GOVERNANCE_PLAN } from './exampleGovernancePlan';
import { changeExampleManifest } from './exampleManifestChanges';

/** How long the kill switch waits for the example traffic at most. */
const TRAFFIC_WAIT_MS = 15 * 60_000;

/**
 * Whether to seed: only when `trellis.exampleGovernance.seedOnStart` is true
 * and development sign-in is allowed (not a production build,
 * `auth.environment: development`, the `dev-users` provider configured),
 * since the seeder acts as the example stewards through it.
 */
export function exampleGovernanceEnabled(config: Config): boolean {
  return (
    config.getOptionalBoolean('trellis.exampleGovernance.seedOnStart') ===
      true && devSignInAllowed(config)
  );
}

/**
 * Example portal only: on the first start (no approvals and no audit entries
 * yet), the example stewards grant, revoke, request changes and engage a
 * kill switch through the REST API, and a team changes a reviewed manifest,
 * so that every governance view has a history. Runs in the background after startup; it never delays or fails
 * the backend.
 */
export const exampleGovernancePlugin = createBackendPlugin({
  pluginId: 'example-governance',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, discovery, lifecycle }) {
        if (!exampleGovernanceEnabled(config)) return;
        const abort = new AbortController();
        lifecycle.addShutdownHook(() => abort.abort());
        lifecycle.addStartupHook(() => {
          const seeder = new ExampleGovernanceSeeder({
            logger,
            getBaseUrl: () => discovery.getBaseUrl('microapps'),
            getAuthBaseUrl: () => discovery.getBaseUrl('auth'),
            getCatalogBaseUrl: () => discovery.getBaseUrl('catalog'),
            changeManifest: changeExampleManifest,
            plan: EXAMPLE_GOVERNANCE_PLAN,
            beforeKillSwitches: () =>
              Promise.race([
                exampleTrafficSettled(),
                new Promise<void>(resolve => {
                  const timer = setTimeout(resolve, TRAFFIC_WAIT_MS);
                  timer.unref();
                  abort.signal.addEventListener('abort', () => resolve(), {
                    once: true,
                  });
                }),
              ]),
            signal: abort.signal,
          });
          seeder.run().catch(error => {
            if (!abort.signal.aborted)
              logger.warn(
                `Example governance was not seeded: ${
                  error instanceof Error ? error.message : error
                }`,
              );
          });
        });
      },
    });
  },
});
