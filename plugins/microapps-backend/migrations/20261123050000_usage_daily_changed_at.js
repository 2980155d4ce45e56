// @ts-check

/**
 * The cost reports keep the daily rollups in memory and, before each report,
 * read only the rows changed since their last read. `changed_at` is the
 * database's time of the write that last changed a row; rows written before
 * this migration have none and are read by the periodic full reload.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('microapps_usage_daily', table => {
    table.timestamp('changed_at', { useTz: true }).nullable();
    table.index(['changed_at'], 'microapps_usage_daily_changed_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('microapps_usage_daily', table => {
    table.dropIndex(['changed_at'], 'microapps_usage_daily_changed_idx');
  });
  await knex.schema.alterTable('microapps_usage_daily', table => {
    table.dropColumn('changed_at');
  });
};
