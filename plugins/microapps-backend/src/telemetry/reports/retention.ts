import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { scheduleOf, type TaskSchedules } from '../../shared/taskSchedules';
import type { RetentionWindows, TelemetryStore } from '../TelemetryStore';

/** Deletes telemetry older than the configured windows; one replica at a time (global scope). */
export async function scheduleRetention(
  scheduler: SchedulerService,
  store: TelemetryStore,
  windows: RetentionWindows,
  minutes: number,
  logger: LoggerService,
  schedules?: TaskSchedules,
) {
  await scheduler.scheduleTask({
    id: 'microapps-telemetry-retention',
    // Global whatever the schedule: two replicas deleting the same rows at
    // once would only contend for locks.
    scope: 'global',
    ...scheduleOf(schedules, 'telemetryRetention', {
      frequency: { minutes },
      timeout: { minutes: 15 },
      initialDelay: { minutes: Math.min(minutes, 5) },
    }),
    fn: async () => {
      const deleted = await store.applyRetention(windows, new Date());
      logger.info(`Telemetry retention deleted ${JSON.stringify(deleted)}`);
    },
  });
}
