import type { DatabaseService } from '@backstage/backend-plugin-api';
import { migratedClient } from './shared/database';
import { DatabaseGovernanceStore } from './governance/DatabaseGovernanceStore';
import { DatabaseIncidentStore } from './incidents/DatabaseIncidentStore';
import { DatabasePolicyFiringStore } from './policies/firings/DatabasePolicyFiringStore';
import { DatabaseAppRecordStore } from './registry/DatabaseAppRecordStore';
import { DatabaseTelemetryStore } from './telemetry/DatabaseTelemetryStore';
import { DatabaseIngestKeyStore } from './telemetry/receiver/DatabaseIngestKeyStore';

/** Every store of the plugin, on one database client, after one migration run. */
export type MicroAppsStores = Awaited<ReturnType<typeof createStores>>;

export async function createStores(database: DatabaseService) {
  const knex = await migratedClient(database);
  return {
    appRecords: new DatabaseAppRecordStore(knex),
    governance: new DatabaseGovernanceStore(knex),
    telemetry: new DatabaseTelemetryStore(knex),
    ingestKeys: new DatabaseIngestKeyStore(knex),
    policyFirings: new DatabasePolicyFiringStore(knex),
    incidents: new DatabaseIncidentStore(knex),
  };
}
