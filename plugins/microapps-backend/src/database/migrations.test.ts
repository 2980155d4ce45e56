import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

const migrationsDir = resolvePackagePath('@trellis/plugin-microapps-backend', 'migrations');
const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('migrations (%s)', databaseId => {
  it('go all the way up and all the way down again', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    expect(await knex.schema.hasTable('microapps_apps')).toBe(true);

    await knex.migrate.rollback({ directory: migrationsDir }, true);
    expect(await knex.schema.hasTable('microapps_apps')).toBe(false);

    await knex.migrate.latest({ directory: migrationsDir });
    expect(await knex.schema.hasTable('microapps_apps')).toBe(true);
  });
});
