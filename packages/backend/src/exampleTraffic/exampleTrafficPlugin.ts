import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  loadExampleCatalog,
  sendExampleTraffic,
} from '@trellis/example-traffic';
import { ExampleTrafficSeeder } from './ExampleTrafficSeeder';

/** `trellis.exampleTraffic` in app-config. */
export interface ExampleTrafficSettings {
  /** Bearer token for the OTLP receiver; a plugin-to-plugin token when absent. */
  token?: string;
  days: number;
  scale?: number;
}

/**
 * The seeding settings, or undefined when seeding is off. It is on only when
 * `trellis.exampleTraffic.seedOnStart` is true, the process is not a
 * production build (NODE_ENV) and `auth.environment` is `development`, so
 * generated traffic never lands in a production portal's database even
 * though `app-config.production.yaml` is read together with `app-config.yaml`.
 */
export function readExampleTrafficSettings(
  config: Config,
): ExampleTrafficSettings | undefined {
  const section = config.getOptionalConfig('trellis.exampleTraffic');
  if (!section?.getOptionalBoolean('seedOnStart')) return undefined;
  if (
    process.env.NODE_ENV === 'production' ||
    config.getOptionalString('auth.environment') !== 'development'
  ) {
    return undefined;
  }
  const days = section.getOptionalNumber('days') ?? 60;
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(
      `trellis.exampleTraffic.days must be a whole number of days of at least 1, got ${days}`,
    );
  }
  const scale = section.getOptionalNumber('scale');
  if (scale !== undefined && !(scale > 0)) {
    throw new Error(
      `trellis.exampleTraffic.scale must be a positive number, got ${scale}`,
    );
  }
  return { token: section.getOptionalString('token'), days, scale };
}

let markTrafficSettled: () => void = () => {};
const trafficSettled = new Promise<void>(resolve => {
  markTrafficSettled = resolve;
});

/**
 * Resolves once this process has nothing more to send as example traffic:
 * seeding is off, was not needed, finished or failed. The example governance
 * seeder waits for it before engaging a kill switch, so that backdated spans
 * arriving later are not taken for traffic past the switch.
 */
export function exampleTrafficSettled(): Promise<void> {
  return trafficSettled;
}

/**
 * Example portal only: on the first start (no telemetry yet), sends
 * generated, backdated traffic for every example micro-app to the portal's
 * own OTLP receiver, so that every dashboard has history. Runs in the
 * background after startup; it never delays or fails the backend.
 */
export const exampleTrafficPlugin = createBackendPlugin({
  pluginId: 'example-traffic',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, auth, discovery, lifecycle }) {
        const settings = readExampleTrafficSettings(config);
        if (!settings) {
          markTrafficSettled();
          return;
        }
        const abort = new AbortController();
        lifecycle.addShutdownHook(() => abort.abort());
        lifecycle.addStartupHook(() => {
          const seed = async () => {
            const seeder = new ExampleTrafficSeeder({
              logger,
              getBaseUrl: () => discovery.getBaseUrl('microapps'),
              getServiceToken: async () =>
                (
                  await auth.getPluginRequestToken({
                    onBehalfOf: await auth.getOwnServiceCredentials(),
                    targetPluginId: 'microapps',
                  })
                ).token,
              otlpToken: settings.token,
              catalog: await loadExampleCatalog(),
              days: settings.days,
              scale: settings.scale,
              send: sendExampleTraffic,
              signal: abort.signal,
            });
            await seeder.run();
          };
          seed()
            .catch(error => {
              if (!abort.signal.aborted)
                logger.warn(
                  `Example traffic was not sent: ${
                    error instanceof Error ? error.message : error
                  }`,
                );
            })
            .finally(markTrafficSettled);
        });
      },
    });
  },
});
