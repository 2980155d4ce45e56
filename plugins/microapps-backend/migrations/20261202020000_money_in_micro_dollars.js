// @ts-check

/**
 * Money as whole micro-dollars (millionths of a US dollar) in BIGINT
 * columns, so that every total, report, chargeback row and budget check
 * adds integers and adds up exactly. `cost_micros` is what Trellis charges
 * (catalog prices for known models); `reported_cost_micros` is what the
 * spans said they cost, kept beside it. Existing costs are converted,
 * rounded to the micro-dollar.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const isPostgres = knex.client.config.client === 'pg';
  // The daily covering index holds cost_usd: dropped first, made again below.
  await dropCoveringIndex(knex);
  for (const table of ['microapps_usage_hourly', 'microapps_usage_daily']) {
    await knex.schema.alterTable(table, t => {
      t.bigInteger('cost_micros').notNullable().defaultTo(0);
      t.bigInteger('reported_cost_micros').notNullable().defaultTo(0);
    });
    await knex(table).update({
      cost_micros: knex.raw(
        isPostgres
          ? 'round(cost_usd * 1000000)::bigint'
          : 'cast(round(cost_usd * 1000000) as integer)',
      ),
    });
    await knex.schema.alterTable(table, t => {
      t.dropColumn('cost_usd');
    });
  }
  await createCoveringIndex(knex, 'cost_micros', 'reported_cost_micros');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await dropCoveringIndex(knex);
  for (const table of ['microapps_usage_hourly', 'microapps_usage_daily']) {
    await knex.schema.alterTable(table, t => {
      t.double('cost_usd').notNullable().defaultTo(0);
    });
    await knex(table).update({
      cost_usd: knex.raw('cost_micros / 1000000.0'),
    });
    await knex.schema.alterTable(table, t => {
      t.dropColumn('cost_micros');
      t.dropColumn('reported_cost_micros');
    });
  }
  await createCoveringIndex(knex, 'cost_usd');
};

const INDEX = 'microapps_usage_daily_day_cover_idx';

/** @param {import('knex').Knex} knex */
async function dropCoveringIndex(knex) {
  await knex.schema.alterTable('microapps_usage_daily', t => {
    t.dropIndex([], INDEX);
  });
}

/**
 * The index the cost reports read the daily rollups through (see
 * 20261123040000_usage_daily_covering_index.js), with the cost columns given.
 *
 * @param {import('knex').Knex} knex
 * @param {string[]} costColumns
 */
async function createCoveringIndex(knex, ...costColumns) {
  const columns = [
    'entity_ref',
    'model',
    'requests',
    'errors',
    'input_tokens',
    'output_tokens',
    'cached_input_tokens',
    ...costColumns,
  ];
  if (knex.client.config.client === 'pg') {
    await knex.raw(
      `create index ?? on ?? (??) include (${columns
        .map(() => '??')
        .join(', ')})`,
      [INDEX, 'microapps_usage_daily', 'day', ...columns],
    );
  } else {
    await knex.schema.alterTable('microapps_usage_daily', t => {
      t.index(['day', ...columns], INDEX);
    });
  }
}
