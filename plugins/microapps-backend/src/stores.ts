import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { DatabaseGovernanceStore } from './governance/DatabaseGovernanceStore';
import { DatabaseAppRecordStore } from './registry/DatabaseAppRecordStore';
import { DatabaseTelemetryStore } from './telemetry/DatabaseTelemetryStore';
import { DatabaseIngestKeyStore } from './telemetry/receiver/DatabaseIngestKeyStore';

const migrationsDir = resolvePackagePath(
  '@trellis/plugin-microapps-backend',
  'migrations',
);

/** Every store of the plugin, on one database client, after one migration run. */
export type MicroAppsStores = Awaited<ReturnType<typeof createStores>>;

export async function createStores(database: DatabaseService) {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({ directory: migrationsDir });
  }
  return {
    appRecords: new DatabaseAppRecordStore(knex),
    governance: new DatabaseGovernanceStore(knex),
    telemetry: new DatabaseTelemetryStore(knex),
    ingestKeys: new DatabaseIngestKeyStore(knex),
  };
}
