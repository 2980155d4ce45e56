import type { Knex } from 'knex';
import type { RequestWrites } from './requestWrites';
import { USAGE_COLUMNS, type UsageRollupRow } from './usageRollups';

/*
 * SQLite: each write of a request is one statement over a JSON parameter
 * (`json_each`), however many rows it holds. A multi-row VALUES list with a
 * placeholder per cell is SQL text that knex builds and SQLite parses anew
 * for every request; this text is short and the same every time.
 * (`where true` tells SQLite's parser that `on conflict` is the upsert's.)
 */

/** `json_extract(value, '$.<column>')` for each column: the row's fields. */
const fieldsOf = (columns: readonly string[]) =>
  columns.map(column => `json_extract(value, '$.${column}')`).join(', ');

const VIOLATION_COLUMNS = [
  'dedupe_key',
  'entity_ref',
  'type',
  'severity',
  'rule',
  'decision',
  'trace_id',
  'span_id',
  'occurred_at',
  'detail',
  'source',
];

/** Records span keys; returns those not seen before. */
export async function insertSpanKeysSqlite(
  tx: Knex.Transaction,
  spanKeys: string[],
  now: Date,
): Promise<string[]> {
  const rows: Array<{ span_key: string }> = await tx.raw(
    `insert into microapps_span_keys (span_key, seen_at)
     select value, ? from json_each(?) where true
     on conflict (span_key) do nothing
     returning span_key`,
    [now.toISOString(), JSON.stringify(spanKeys)],
  );
  return rows.map(row => row.span_key);
}

/** The writes of a request after its span keys: users, violations, then the shared rollup rows. */
export async function writeRequestSqlite(
  tx: Knex.Transaction,
  writes: RequestWrites,
) {
  if (writes.users.length > 0) {
    await tx.raw(
      `insert into microapps_usage_users (entity_ref, day, user_hash)
       select ${fieldsOf(['entity_ref', 'day', 'user_hash'])}
       from json_each(?) where true
       on conflict do nothing`,
      [JSON.stringify(writes.users)],
    );
  }
  if (writes.violations.length > 0) {
    await tx.raw(
      `insert into microapps_violations (${VIOLATION_COLUMNS.join(', ')})
       select ${fieldsOf(VIOLATION_COLUMNS)}
       from json_each(?) where true
       on conflict (dedupe_key) do nothing`,
      [JSON.stringify(writes.violations)],
    );
  }
  // The rollup rows are what concurrent requests share: written last.
  await upsertUsage(tx, 'hourly', writes.hourly);
  await upsertUsage(tx, 'daily', writes.daily);
}

/**
 * The statement that adds rows to a rollup: new (app, model, period) rows,
 * or sums onto the existing ones.
 */
function rollupUpsert(table: string, period: 'hour' | 'day'): string {
  const columns = ['entity_ref', 'model', period, ...USAGE_COLUMNS];
  const sums = USAGE_COLUMNS.map(
    column => `${column} = ${table}.${column} + excluded.${column}`,
  );
  // The daily rows record when they changed, for the cost reports' cache.
  const stamped = period === 'day';
  if (stamped) sums.push('changed_at = excluded.changed_at');
  return `insert into ${table} (${columns.join(', ')}${
    stamped ? ', changed_at' : ''
  })
    select ${fieldsOf(columns)}${stamped ? ', CURRENT_TIMESTAMP' : ''}
    from json_each(?) where true
    on conflict (entity_ref, model, ${period}) do update set ${sums.join(
    ', ',
  )}`;
}

const ROLLUP_UPSERTS = {
  hourly: rollupUpsert('microapps_usage_hourly', 'hour'),
  daily: rollupUpsert('microapps_usage_daily', 'day'),
};

async function upsertUsage(
  tx: Knex.Transaction,
  rollup: keyof typeof ROLLUP_UPSERTS,
  rows: UsageRollupRow[],
) {
  if (rows.length > 0) {
    await tx.raw(ROLLUP_UPSERTS[rollup], [JSON.stringify(rows)]);
  }
}
