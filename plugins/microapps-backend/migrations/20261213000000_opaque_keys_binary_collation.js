// @ts-check

/**
 * PostgreSQL: the keys written on every ingest request (span keys, violation
 * de-duplication keys, hashed users) compare byte by byte. They are hex or
 * fixed ASCII and never shown sorted, so the database's collation brings no
 * meaning, only the cost of locale comparisons in their unique indexes on
 * every insert. SQLite already compares them as bytes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw(`
    alter table microapps_span_keys
      alter column span_key type varchar(48) collate "C";
    alter table microapps_violations
      alter column dedupe_key type varchar(255) collate "C";
    alter table microapps_usage_users
      alter column user_hash type varchar(64) collate "C";
  `);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw(`
    alter table microapps_span_keys
      alter column span_key type varchar(48) collate "default";
    alter table microapps_violations
      alter column dedupe_key type varchar(255) collate "default";
    alter table microapps_usage_users
      alter column user_hash type varchar(64) collate "default";
  `);
};
