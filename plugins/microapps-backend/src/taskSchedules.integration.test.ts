/*
 * `microapps.schedules` end to end: the plugin, started with a schedule for
 * one task, hands the scheduler that schedule with the task's own scope, and
 * the defaults for the tasks left alone.
 */
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { startTestPortal } from './__testUtils__/startTestPortal';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'microapps.schedules on %s',
  databaseId => {
    it('runs a task on its configured schedule, in the scope the task needs', async () => {
      const scheduler = mockServices.scheduler.mock();
      const portal = await startTestPortal({
        database: { databases, databaseId },
        catalogFiles: [],
        microapps: {
          schedules: {
            policiesEvaluate: {
              frequency: { cron: '*/5 * * * *' },
              timeout: 'PT2M',
            },
            marketplaceRefresh: {
              frequency: { minutes: 10 },
              timeout: { minutes: 1 },
              initialDelay: 'PT30S',
            },
          },
        },
        extraFeatures: [scheduler.factory],
      });
      try {
        const scheduled = new Map(
          scheduler.scheduleTask.mock.calls.map(([task]) => [task.id, task]),
        );
        expect(scheduled.get('microapps-policies-evaluate')).toMatchObject({
          scope: 'global',
          frequency: { cron: '*/5 * * * *' },
          timeout: { minutes: 2 },
          initialDelay: undefined,
        });
        expect(
          scheduled.get('microapps-marketplace-index-refresh'),
        ).toMatchObject({
          scope: 'local',
          frequency: { minutes: 10 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 30 },
        });
        // Left alone: the interval key's default.
        expect(scheduled.get('microapps-telemetry-retention')).toMatchObject({
          scope: 'global',
          frequency: { minutes: 60 },
          timeout: { minutes: 15 },
        });
      } finally {
        await portal.stop();
      }
    });
  },
);
