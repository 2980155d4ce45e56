import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { ScheduledTaskName } from '@trellis/plugin-microapps-common';

/** When a task runs; its scope is not part of it, as each task fixes its own. */
export type TaskSchedule = Pick<
  SchedulerServiceTaskScheduleDefinition,
  'frequency' | 'timeout' | 'initialDelay'
>;

/** The schedules set in `microapps.schedules`, by task. */
export type TaskSchedules = Partial<Record<ScheduledTaskName, TaskSchedule>>;

/**
 * The task's schedule from `microapps.schedules` when one is set, otherwise
 * the task's defaults. A configured schedule replaces all of them: an
 * `initialDelay` it leaves out means no delay.
 */
export function scheduleOf(
  schedules: TaskSchedules | undefined,
  task: ScheduledTaskName,
  defaults: TaskSchedule,
): TaskSchedule {
  const configured = schedules?.[task];
  if (!configured) return defaults;
  const { frequency, timeout, initialDelay } = configured;
  return { frequency, timeout, initialDelay };
}
