// @ts-check

/**
 * One row per MicroApp that Trellis has seen in the catalog. Later state
 * (approvals, usage) refers to apps by the same entity ref.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('microapps_apps', table => {
    table.comment('MicroApps seen in the catalog');
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('Lower-case entity ref');
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('microapps_apps');
};
