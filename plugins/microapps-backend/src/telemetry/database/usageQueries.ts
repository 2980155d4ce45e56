import type { Knex } from 'knex';
import type { DailyUsageRow } from '../TelemetryStore';
import { latencyOf } from '../latencyHistogram';
import { databaseTime, isPostgres } from './dialect';
import { sumsOf, USAGE_COLUMNS } from './usageRollups';

const dailyUsageRow = (row: Record<string, any>): DailyUsageRow => ({
  entityRef: row.entity_ref,
  day: row.day,
  model: row.model,
  ...sumsOf(row),
  latency: latencyOf(row),
});

/** The daily rollup rows changed since a time (all without one), and when they were read. */
export async function dailyUsageChanges(
  knex: Knex,
  since?: Date,
): Promise<{ rows: DailyUsageRow[]; readAt: Date }> {
  const postgres = isPostgres(knex);
  const [{ now }] = await knex.select({
    now: databaseTime(knex, postgres),
  });
  const query = knex('microapps_usage_daily').select(
    'entity_ref',
    'day',
    'model',
    ...USAGE_COLUMNS,
  );
  if (since) {
    query.where(
      'changed_at',
      '>=',
      // SQLite's CURRENT_TIMESTAMP is text, `YYYY-MM-DD HH:MM:SS` in UTC.
      postgres ? since : since.toISOString().slice(0, 19).replace('T', ' '),
    );
  }
  const rows = await query;
  return {
    rows: rows.map(dailyUsageRow),
    readAt:
      typeof now === 'string' ? new Date(`${now.replace(' ', 'T')}Z`) : now,
  };
}

/** The daily rollup rows between two days (inclusive), of some apps or all. */
export async function dailyUsage(
  knex: Knex,
  fromDay: string,
  toDay: string,
  entityRefs?: string[],
): Promise<DailyUsageRow[]> {
  const query = knex('microapps_usage_daily')
    .whereBetween('day', [fromDay, toDay])
    .select('entity_ref', 'day', 'model', ...USAGE_COLUMNS)
    .orderBy(['day', 'model']);
  if (entityRefs) query.whereIn('entity_ref', entityRefs);
  const rows = await query;
  return rows.map(dailyUsageRow);
}

/** Distinct users per app between two days (inclusive). */
export async function usersByApp(
  knex: Knex,
  fromDay: string,
  toDay: string,
): Promise<Map<string, number>> {
  const rows = await knex('microapps_usage_users')
    .whereBetween('day', [fromDay, toDay])
    .groupBy('entity_ref')
    .select('entity_ref')
    .countDistinct({ users: 'user_hash' });
  return new Map(
    rows.map((row: Record<string, unknown>) => [
      row.entity_ref as string,
      Number(row.users),
    ]),
  );
}
