import type { Knex } from 'knex';
import type { RequestWrites } from './requestWrites';
import { insertSpanKeysSqlite, writeRequestSqlite } from './sqliteWrites';
import { USAGE_COLUMNS } from './usageRollups';

const USAGE_SUMS_SQL = USAGE_COLUMNS.join(', ');
const ADD_USAGE_SQL = USAGE_COLUMNS.map(
  column => `${column} = rollup.${column} + excluded.${column}`,
).join(', ');

/** The writes of a request after its span keys: its users, violations and usage. */
export async function writeRequest(
  tx: Knex.Transaction,
  writes: RequestWrites,
  postgres: boolean,
) {
  if (postgres)
    await tx.raw(`with ${writeClauses('true')} select 1`, jsonRows(writes));
  else await writeRequestSqlite(tx, writes);
}

/**
 * Records the span keys and, if none of them was seen before (the common
 * case: replays are rare), writes `writes`: the request's users, violations
 * and usage. Returns the keys not seen before; unless that is all of them,
 * nothing else was written.
 *
 * On PostgreSQL in one statement, one round trip instead of two: the
 * writes are conditional on the number of keys the insert returned. It is
 * the last statement before the commit, so the locks on the rollup rows,
 * which concurrent requests share, are held only until that commit.
 */
export async function insertSpanKeysAndWrite(
  tx: Knex.Transaction,
  spanKeys: string[],
  writes: RequestWrites,
  now: Date,
  postgres: boolean,
): Promise<string[]> {
  if (!postgres) {
    const fresh = await insertSpanKeysSqlite(tx, spanKeys, now);
    if (fresh.length === spanKeys.length) await writeRequestSqlite(tx, writes);
    return fresh;
  }
  // The keys go as one comma-separated string (they are hex) and only the
  // verdict comes back, with the fresh keys only in the rare partial case:
  // no per-key array quoting or result rows on the Node side.
  const { rows } = await tx.raw(
    `with fresh as (
       insert into microapps_span_keys (span_key, seen_at)
       select span_key, ? from unnest(string_to_array(?, ',')) as span_key
       on conflict (span_key) do nothing
       returning span_key
     ), all_new as (
       select count(*) = ? as yes from fresh
     ), ${writeClauses('(select yes from all_new)')}
     select (select yes from all_new) as all_new,
       case when (select yes from all_new) then null
         else (select array_agg(span_key) from fresh) end as fresh_keys`,
    [
      now.toISOString(),
      spanKeys.join(','),
      spanKeys.length,
      ...jsonRows(writes),
    ],
  );
  const [verdict] = rows as Array<{
    all_new: boolean;
    fresh_keys: string[] | null;
  }>;
  return verdict.all_new ? spanKeys : verdict.fresh_keys ?? [];
}

/**
 * PostgreSQL: the `with` clauses that write a request's users, violations
 * and both rollups from JSON parameters (see {@link jsonRows}), each only
 * when `condition` holds.
 */
function writeClauses(condition: string): string {
  return `new_users as (
       insert into microapps_usage_users (entity_ref, day, user_hash)
       select entity_ref, day, user_hash
       from json_populate_recordset(null::microapps_usage_users, ?::json)
       where ${condition}
       on conflict do nothing
     ), new_violations as (
       insert into microapps_violations (dedupe_key, entity_ref, type, severity,
         rule, decision, trace_id, span_id, occurred_at, detail, source)
       select dedupe_key, entity_ref, type, severity, rule, decision, trace_id,
         span_id, occurred_at, detail, source
       from json_populate_recordset(null::microapps_violations, ?::json)
       where ${condition}
       on conflict (dedupe_key) do nothing
     ), hourly as (
       insert into microapps_usage_hourly as rollup (entity_ref, model, hour, ${USAGE_SUMS_SQL})
       select entity_ref, model, hour, ${USAGE_SUMS_SQL}
       from json_populate_recordset(null::microapps_usage_hourly, ?::json)
       where ${condition}
       on conflict (entity_ref, model, hour) do update set ${ADD_USAGE_SQL}
     ), daily as (
       insert into microapps_usage_daily as rollup (entity_ref, model, day, ${USAGE_SUMS_SQL}, changed_at)
       select entity_ref, model, day, ${USAGE_SUMS_SQL}, statement_timestamp()
       from json_populate_recordset(null::microapps_usage_daily, ?::json)
       where ${condition}
       on conflict (entity_ref, model, day) do update
         set ${ADD_USAGE_SQL}, changed_at = excluded.changed_at
     )`;
}

/** The parameters of {@link writeClauses}, in its order. */
function jsonRows(writes: RequestWrites): string[] {
  return [
    JSON.stringify(writes.users),
    JSON.stringify(writes.violations),
    JSON.stringify(writes.hourly),
    JSON.stringify(writes.daily),
  ];
}
