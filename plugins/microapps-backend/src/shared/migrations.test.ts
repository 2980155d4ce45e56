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
  'microapps_ingest_keys',
  'microapps_ingest_key_days',
  'microapps_change_requests',
  'microapps_incidents',
  'microapps_incident_events',
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

  it('converts costs to whole micro-dollars and back', async () => {
    const knex = await databases.init(databaseId);
    // Up to the migration before the conversion.
    await knex.migrate.up({
      directory: migrationsDir,
      name: '20261123000000_apps.js',
    });
    for (;;) {
      const [, pending] = await knex.migrate.list({ directory: migrationsDir });
      const next = pending[0]?.file as string | undefined;
      if (!next || next.startsWith('20261202020000')) break;
      await knex.migrate.up({ directory: migrationsDir });
    }
    const usage = {
      entity_ref: 'microapp:default/a',
      model: 'm',
      requests: 3,
      errors: 0,
      input_tokens: 10,
      output_tokens: 5,
      cached_input_tokens: 0,
    };
    await knex('microapps_usage_daily').insert({
      ...usage,
      day: '2026-11-02',
      cost_usd: 1.234567,
    });
    await knex('microapps_usage_hourly').insert({
      ...usage,
      hour: '2026-11-02T10',
      cost_usd: 0.1 + 0.2,
    });

    await knex.migrate.latest({ directory: migrationsDir });
    const [daily] = await knex('microapps_usage_daily').select('cost_micros');
    const [hourly] = await knex('microapps_usage_hourly').select('cost_micros');
    expect(Number(daily.cost_micros)).toBe(1_234_567);
    expect(Number(hourly.cost_micros)).toBe(300_000);

    // Back down through the money migration (and any after it).
    for (;;) {
      const [completed] = await knex.migrate.list({
        directory: migrationsDir,
      });
      const names = completed.map((m: { name: string }) => m.name);
      if (!names.some((n: string) => n.startsWith('20261202020000'))) break;
      await knex.migrate.down({ directory: migrationsDir });
    }
    const [back] = await knex('microapps_usage_daily').select('cost_usd');
    expect(Number(back.cost_usd)).toBeCloseTo(1.234567, 9);
  });
});
