import type {
  LoggerService,
  SchedulerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { ModelCatalogEntry } from '@trellis/plugin-microapps-common';
import type { GovernanceStore } from '../governance/GovernanceStore';
import type { AppRegistry } from '../registry/AppRegistry';
import type { TelemetryStore } from '../telemetry/TelemetryStore';
import { createPolicyInputBuilder } from './policyInputs';
import { type PolicyLocation, PolicyLoader } from './PolicyLoader';

/** `microapps.policies`, as the plugin's config reader checked it. */
export interface PolicySettings {
  locations: PolicyLocation[];
  refreshIntervalSeconds: number;
}

/** The policy packs, kept fresh, and the input a policy is evaluated against. */
export async function createPoliciesFeature(options: {
  urlReader: UrlReaderService;
  logger: LoggerService;
  scheduler: SchedulerService;
  settings: PolicySettings;
  registry: AppRegistry;
  governanceStore: GovernanceStore;
  killSwitchOn: (entityRef: string) => Promise<boolean>;
  telemetryStore: TelemetryStore;
  models: readonly ModelCatalogEntry[];
}) {
  const loader = new PolicyLoader({
    locations: options.settings.locations,
    urlReader: options.urlReader,
    logger: options.logger,
  });
  await loader.start(
    options.scheduler,
    options.settings.refreshIntervalSeconds,
  );
  const inputOf = createPolicyInputBuilder({
    telemetry: options.telemetryStore,
    approvals: entityRef => options.governanceStore.listApprovals(entityRef),
    killSwitchOn: options.killSwitchOn,
    digestSince: async entityRef => {
      const key = entityRef.toLocaleLowerCase('en-US');
      const entry = (await options.registry.listApps()).find(
        ({ app }) => app.entityRef.toLocaleLowerCase('en-US') === key,
      );
      return entry?.digestSince ? new Date(entry.digestSince) : undefined;
    },
    models: options.models,
  });
  return { loader, inputOf };
}

export type PoliciesFeature = Awaited<ReturnType<typeof createPoliciesFeature>>;
