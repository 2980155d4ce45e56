import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type {
  RetentionWindows,
  TelemetryStore,
} from '../../database/TelemetryStore';

export function readRetentionWindows(
  config: Config | undefined,
): RetentionWindows {
  const retention = config?.getOptionalConfig('retention');
  const days = (key: keyof RetentionWindows, fallback: number) => {
    const value = retention?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value < 1) {
      throw new Error(
        `microapps.telemetry.retention.${key} must be a number of days of at least 1`,
      );
    }
    return value;
  };
  return {
    spanKeyDays: days('spanKeyDays', 7),
    hourlyDays: days('hourlyDays', 35),
    dailyDays: days('dailyDays', 400),
    violationDays: days('violationDays', 400),
  };
}

/** Deletes telemetry older than the configured windows; one replica at a time (global scope). */
export async function scheduleRetention(
  scheduler: SchedulerService,
  store: TelemetryStore,
  config: Config | undefined,
  logger: LoggerService,
) {
  const windows = readRetentionWindows(config);
  const minutes = config?.getOptionalNumber('retention.intervalMinutes') ?? 60;
  await scheduler.scheduleTask({
    id: 'microapps-telemetry-retention',
    scope: 'global',
    frequency: { minutes },
    timeout: { minutes: 15 },
    initialDelay: { minutes: Math.min(minutes, 5) },
    fn: async () => {
      const deleted = await store.applyRetention(windows, new Date());
      logger.info(`Telemetry retention deleted ${JSON.stringify(deleted)}`);
    },
  });
}
