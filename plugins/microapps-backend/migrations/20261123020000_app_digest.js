// @ts-check

/**
 * The digest each app's manifest had when last seen and since when, so that
 * the steward inbox can say how long a stale badge has waited; and the
 * unguessable token of the app's public badge URLs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('microapps_apps', table => {
    table.string('digest', 80).nullable();
    table.timestamp('digest_since', { useTz: true }).nullable();
    table
      .string('badge_token', 64)
      .nullable()
      .unique('microapps_apps_badge_token_uniq');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('microapps_apps', table => {
    table.dropUnique(['badge_token'], 'microapps_apps_badge_token_uniq');
    table.dropColumn('badge_token');
    table.dropColumn('digest');
    table.dropColumn('digest_since');
  });
};
