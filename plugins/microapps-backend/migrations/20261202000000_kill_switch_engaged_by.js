// @ts-check

/**
 * Who engaged a kill switch decides who may release it: a switch the owning
 * team engaged may be released by the team; one a steward (or a policy)
 * engaged only by stewards. `version` lets a release check, in its own
 * transaction, that the switch is still the one the caller was allowed to
 * release. Switches on before this migration count as a steward's.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('microapps_kill_switches', table => {
    table
      .string('engaged_by_role', 16)
      .nullable()
      .comment('owner | steward | policy, while the switch is on');
    table.integer('version').notNullable().defaultTo(1);
  });
  await knex('microapps_kill_switches')
    .where('enabled', true)
    .update({ engaged_by_role: 'steward' });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('microapps_kill_switches', table => {
    table.dropColumn('engaged_by_role');
    table.dropColumn('version');
  });
};
