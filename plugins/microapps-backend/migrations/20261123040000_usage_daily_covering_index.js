// @ts-check

/**
 * The cost reports total the daily rollups over a range of days. An index
 * that starts with the day and carries every column those queries read
 * answers them from the index alone instead of one table lookup per row
 * (SQLite: a covering index; PostgreSQL: INCLUDE columns, for index-only
 * scans). It supersedes the plain day index, which is dropped.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const columns = [
    'entity_ref',
    'model',
    'requests',
    'errors',
    'input_tokens',
    'output_tokens',
    'cached_input_tokens',
    'cost_usd',
  ];
  if (knex.client.config.client === 'pg') {
    await knex.raw(
      `create index ?? on ?? (??) include (${columns
        .map(() => '??')
        .join(', ')})`,
      [
        'microapps_usage_daily_day_cover_idx',
        'microapps_usage_daily',
        'day',
        ...columns,
      ],
    );
  } else {
    await knex.schema.alterTable('microapps_usage_daily', table => {
      table.index(['day', ...columns], 'microapps_usage_daily_day_cover_idx');
    });
  }
  await knex.schema.alterTable('microapps_usage_daily', table => {
    table.dropIndex(['day'], 'microapps_usage_daily_day_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('microapps_usage_daily', table => {
    table.index(['day'], 'microapps_usage_daily_day_idx');
  });
  await knex.schema.alterTable('microapps_usage_daily', table => {
    table.dropIndex([], 'microapps_usage_daily_day_cover_idx');
  });
};
