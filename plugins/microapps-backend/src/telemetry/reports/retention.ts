import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { RetentionWindows, TelemetryStore } from '../TelemetryStore';

/** Deletes telemetry older than the configured windows; one replica at a time (global scope). */
export async function scheduleRetention(
  scheduler: SchedulerService,
  store: TelemetryStore,
  windows: RetentionWindows,
  minutes: number,
  logger: LoggerService,
) {
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
