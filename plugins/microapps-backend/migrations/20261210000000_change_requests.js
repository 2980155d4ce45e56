// @ts-check

/**
 * Change requests: a steward declines a badge for now and tells the owners
 * what to change. One row per app and badge (the latest request); it counts
 * while the manifest digest it was made on is current and no grant came
 * after it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('microapps_change_requests', table => {
    table.comment('The latest request for changes per app and badge');
    table.string('entity_ref', 255).notNullable();
    table.string('badge', 64).notNullable();
    table
      .string('digest', 80)
      .notNullable()
      .comment('The manifest digest the request was made on');
    table.string('requested_by', 255).notNullable();
    table.string('requested_at', 32).notNullable();
    table.text('comment').notNullable();
    table.primary(['entity_ref', 'badge'], 'microapps_change_requests_pk');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('microapps_change_requests');
};
