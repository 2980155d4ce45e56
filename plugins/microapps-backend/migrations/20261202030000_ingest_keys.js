// @ts-check

/**
 * Ingest keys: each micro-app sends its telemetry with a key of its own, so
 * that it can only ever speak for itself; gateway keys (an OTel Collector,
 * an LLM gateway) may report for any app. Only a SHA-256 hash of a key is
 * kept. `microapps_ingest_key_days` remembers, per gateway key and day, the
 * unregistered apps and unknown models it reported, to cap them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('microapps_ingest_keys', table => {
    table.comment('Keys micro-apps and gateways send OTLP with');
    table.string('id', 36).primary();
    table
      .string('entity_ref', 255)
      .nullable()
      .comment('The app the key speaks for; null for a gateway key');
    table.string('name', 200).notNullable();
    table
      .string('key_hash', 64)
      .notNullable()
      .unique('microapps_ingest_keys_hash_uniq');
    table.string('created_at', 32).notNullable();
    table.string('created_by', 255).notNullable();
    table.string('last_used_at', 32).nullable();
    table.string('revoked_at', 32).nullable();
    table.string('revoked_by', 255).nullable();
    table.index(['entity_ref'], 'microapps_ingest_keys_app_idx');
  });
  await knex.schema.createTable('microapps_ingest_key_days', table => {
    table.comment('What each gateway key reported per day, for the caps');
    table.string('key_id', 255).notNullable();
    table.string('day', 10).notNullable();
    table
      .string('kind', 20)
      .notNullable()
      .comment('unregistered_app | unknown_model');
    table.string('value', 255).notNullable();
    table.primary(
      ['key_id', 'day', 'kind', 'value'],
      'microapps_ingest_key_days_pk',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('microapps_ingest_key_days');
  await knex.schema.dropTable('microapps_ingest_keys');
};
