import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@trellis/plugin-microapps-backend',
  'migrations',
);
const databases = TestDatabases.create();

/** Every table the migrations own; extend when a migration adds one. */
const TRELLIS_TABLES = [
  'microapps_apps',
  'microapps_approvals',
  'microapps_audit_log',
  'microapps_audit_head',
  'microapps_kill_switches',
  'microapps_notices',
  'microapps_span_keys',
  'microapps_usage_hourly',
  'microapps_usage_daily',
  'microapps_usage_users',
  'microapps_violations',
];

async function existingTables(knex: Knex) {
  const present: string[] = [];
  for (const table of TRELLIS_TABLES) {
    if (await knex.schema.hasTable(table)) present.push(table);
  }
  return present;
}

describe.each(databases.eachSupportedId())('migrations (%s)', databaseId => {
  it('go all the way up and all the way down again', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    expect(await existingTables(knex)).toEqual(TRELLIS_TABLES);

    await knex.migrate.rollback({ directory: migrationsDir }, true);
    expect(await existingTables(knex)).toEqual([]);

    await knex.migrate.latest({ directory: migrationsDir });
    expect(await existingTables(knex)).toEqual(TRELLIS_TABLES);
  });
});
