import type {
  LifecycleService,
  LoggerService,
  PermissionsService,
  SchedulerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { PermissionRuleset } from '@backstage/plugin-permission-node';
import type { ModelCatalogEntry } from '@trellis/plugin-microapps-common';
import type { MicroAppResource } from '@trellis/plugin-microapps-node';
import type { AppRegistry } from '../registry/AppRegistry';
import type { TaskSchedules } from '../shared/taskSchedules';
import { TelemetryIngest } from './ingest/TelemetryIngest';
import type { IngestKeyStore } from './receiver/IngestKeyStore';
import { IngestKeys } from './receiver/IngestKeys';
import { inlineOtlpDecoder, OtlpDecoderPool } from './receiver/OtlpDecoderPool';
import { CostReports } from './reports/CostReports';
import { DailyUsageCache } from './reports/DailyUsageCache';
import { scheduleRetention } from './reports/retention';
import type { OtlpBodyLimits } from './receiver/readOtlpBody';
import type {
  IngestCaps,
  RetentionWindows,
  TelemetryStore,
} from './TelemetryStore';

/** `microapps.telemetry`, as the plugin's config reader checked it. */
export interface TelemetrySettings {
  receiver: {
    bodyLimits: OtlpBodyLimits;
    maxConcurrentRequests: number;
    maxConcurrentRequestsPerCaller: number;
    /** Worker threads that decode bodies; 0 decodes in the event loop's thread. */
    decodeWorkers: number;
  };
  /** Per ingest key and UTC day. */
  caps: Omit<IngestCaps, 'keyId'>;
  retention: RetentionWindows;
  retentionIntervalMinutes: number;
  userHashSalt: string;
  /** Reported cost may differ from the catalog price by this share before it counts as a mismatch. */
  costMismatchTolerance?: number;
}

/** The OTLP receiver's parts (keys, decoder), ingest, and the cost reports. */
export async function createTelemetryFeature(options: {
  logger: LoggerService;
  lifecycle: LifecycleService;
  scheduler: SchedulerService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  ruleset: PermissionRuleset<MicroAppResource>;
  store: TelemetryStore;
  ingestKeyStore: IngestKeyStore;
  registry: AppRegistry;
  /** Lower-case entity refs of the apps whose kill switch is on. */
  killedApps: () => Promise<ReadonlySet<string>>;
  models: readonly ModelCatalogEntry[];
  settings: TelemetrySettings;
  /** `microapps.schedules`; the retention task's comes from here when set. */
  schedules?: TaskSchedules;
}) {
  const { store, registry, settings, logger } = options;
  const appLookup = () => registry.lookup();
  const { decodeWorkers } = settings.receiver;
  const decoder =
    decodeWorkers > 0
      ? new OtlpDecoderPool({ workers: decodeWorkers })
      : inlineOtlpDecoder;
  options.lifecycle.addShutdownHook(() => decoder.close());
  await scheduleRetention(
    options.scheduler,
    store,
    settings.retention,
    settings.retentionIntervalMinutes,
    logger,
    options.schedules,
  );
  return {
    store,
    decoder,
    receiver: settings.receiver,
    ingestKeys: new IngestKeys({ ...options, store: options.ingestKeyStore }),
    ingest: new TelemetryIngest({
      store,
      appLookup,
      models: options.models,
      userHashSalt: settings.userHashSalt,
      killedApps: options.killedApps,
      spanKeyDays: settings.retention.spanKeyDays,
      costMismatchTolerance: settings.costMismatchTolerance,
      caps: settings.caps,
    }),
    costReports: new CostReports({
      store,
      usage: new DailyUsageCache({ store, logger }),
      appLookup,
      apps: async () => (await registry.listApps()).map(entry => entry.app),
      models: options.models,
    }),
  };
}

export type TelemetryFeature = Awaited<
  ReturnType<typeof createTelemetryFeature>
>;
