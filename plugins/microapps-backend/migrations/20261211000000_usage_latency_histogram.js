// @ts-check

const TABLES = ['microapps_usage_hourly', 'microapps_usage_daily'];

const COLUMNS = [
  'latency_le_100ms',
  'latency_le_250ms',
  'latency_le_500ms',
  'latency_le_1s',
  'latency_le_2s',
  'latency_le_4s',
  'latency_le_8s',
  'latency_le_16s',
  'latency_le_32s',
  'latency_le_60s',
  'latency_gt_60s',
  'latency_count',
];

/**
 * A latency histogram in the hourly and daily usage rollups, summed like
 * the other usage columns: the spans' durations (end − start) in fixed
 * buckets, cumulative like Prometheus' `le` buckets. `latency_le_<bound>`
 * counts the spans that took at most that long, `latency_gt_60s` the
 * longer ones, `latency_count` every span with a valid duration (a
 * negative one or one over an hour is not counted). Rows written before
 * this migration keep zeros: the reports say no latency was recorded.
 * Adding columns with a constant default rewrites no rows (PostgreSQL 11+,
 * SQLite).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, t => {
      for (const column of COLUMNS)
        t.bigInteger(column).notNullable().defaultTo(0);
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, t => {
      t.dropColumns(...COLUMNS);
    });
  }
};
