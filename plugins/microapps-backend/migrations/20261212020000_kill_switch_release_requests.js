// @ts-check

/**
 * The first of two stewards' confirmations to release a kill switch that a
 * policy engaged on an app handling confidential or regulated data. The
 * request counts only for the switch version it was made on: engaging or
 * releasing the switch bumps the version, so a re-engaged switch needs a new
 * first confirmation.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('microapps_kill_switches', table => {
    table
      .string('release_requested_by', 255)
      .nullable()
      .comment('User entity ref of the steward who asked to release');
    table.string('release_requested_at', 32).nullable();
    table.text('release_request_reason').nullable();
    table
      .integer('release_request_version')
      .nullable()
      .comment('The switch version the request was made on');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('microapps_kill_switches', table => {
    table.dropColumn('release_requested_by');
    table.dropColumn('release_requested_at');
    table.dropColumn('release_request_reason');
    table.dropColumn('release_request_version');
  });
};
