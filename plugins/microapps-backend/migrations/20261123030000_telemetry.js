// @ts-check

/**
 * Telemetry: what Trellis keeps of the traces micro-apps export. No raw
 * spans: span keys for de-duplication, usage rolled up per hour and per day,
 * distinct (hashed) users per day, and the violation ledger.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // Trace id + span id of every span that produced a record; a re-sent span
  // is recognised here and counted once. Pruned by the retention job.
  await knex.schema.createTable('microapps_span_keys', table => {
    table.string('span_key', 48).notNullable();
    table
      .timestamp('seen_at', { useTz: true })
      .notNullable()
      .index('microapps_span_keys_seen_idx');
    table.primary(['span_key'], 'microapps_span_keys_pk');
  });

  /** @type {Array<{ name: string, period: string, length: number }>} */
  const rollups = [
    { name: 'microapps_usage_hourly', period: 'hour', length: 13 },
    { name: 'microapps_usage_daily', period: 'day', length: 10 },
  ];
  for (const { name, period, length } of rollups) {
    await knex.schema.createTable(name, table => {
      table.string('entity_ref', 255).notNullable();
      table.string('model', 200).notNullable();
      // UTC `YYYY-MM-DDTHH` or `YYYY-MM-DD`: sorts and compares as text on every database.
      table.string(period, length).notNullable();
      table.bigInteger('requests').notNullable().defaultTo(0);
      table.bigInteger('errors').notNullable().defaultTo(0);
      table.bigInteger('input_tokens').notNullable().defaultTo(0);
      table.bigInteger('output_tokens').notNullable().defaultTo(0);
      table.bigInteger('cached_input_tokens').notNullable().defaultTo(0);
      table.double('cost_usd').notNullable().defaultTo(0);
      table.primary(['entity_ref', 'model', period], `${name}_pk`);
      table.index([period], `${name}_${period}_idx`);
    });
  }

  await knex.schema.createTable('microapps_usage_users', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('day', 10).notNullable();
    table.string('user_hash', 64).notNullable();
    table.primary(
      ['entity_ref', 'day', 'user_hash'],
      'microapps_usage_users_pk',
    );
    table.index(['day'], 'microapps_usage_users_day_idx');
  });

  await knex.schema.createTable('microapps_violations', table => {
    table.bigIncrements('id');
    table
      .string('dedupe_key', 255)
      .notNullable()
      .unique('microapps_violations_dedupe_uniq');
    table.string('entity_ref', 255).nullable();
    table.string('type', 40).notNullable();
    table.string('severity', 10).notNullable();
    table.string('rule', 255).nullable();
    table.string('decision', 10).nullable();
    table.string('trace_id', 32).nullable();
    table.string('span_id', 16).nullable();
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    table.text('detail').nullable();
    table.string('source', 10).notNullable();
    table.index(['occurred_at'], 'microapps_violations_time_idx');
    table.index(
      ['entity_ref', 'occurred_at'],
      'microapps_violations_app_time_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('microapps_violations');
  await knex.schema.dropTable('microapps_usage_users');
  await knex.schema.dropTable('microapps_usage_daily');
  await knex.schema.dropTable('microapps_usage_hourly');
  await knex.schema.dropTable('microapps_span_keys');
};
