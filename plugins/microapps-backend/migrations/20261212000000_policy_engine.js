// @ts-check

/**
 * The policy engine: whether each policy currently holds for each app, every
 * firing, the promotions policies hold, and approvals a policy asked to be
 * reviewed again.
 *
 * A policy fires when its condition becomes true for an app (an "episode")
 * and re-arms when it is false again. The unique (policy, app, episode) key
 * of a firing is what makes one trigger fire once across replicas.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('microapps_policy_states', table => {
    table.comment('Whether a policy holds for an app now, and its episode');
    table.string('policy_id', 100).notNullable();
    table.string('entity_ref', 255).notNullable();
    table
      .boolean('active')
      .notNullable()
      .comment('True from a firing until the condition is false again');
    table
      .integer('episode')
      .notNullable()
      .comment('How many times the policy has fired for the app');
    table.string('changed_at', 32).notNullable();
    table.primary(['policy_id', 'entity_ref'], 'microapps_policy_states_pk');
  });

  await knex.schema.createTable('microapps_policy_firings', table => {
    table.comment('Every time a policy fired for an app, with what it did');
    table.increments('id');
    table.string('policy_id', 100).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.integer('episode').notNullable();
    table.string('fired_at', 32).notNullable();
    table.string('mode', 16).notNullable().comment('enforce | dry-run');
    table.string('severity', 16).notNullable();
    table.string('title', 200).notNullable();
    table.string('trigger', 16).notNullable().comment('ingest | schedule');
    table.text('values').notNullable().comment('The input values read (JSON)');
    table
      .text('actions')
      .notNullable()
      .comment('The actions configured, as fired (JSON)');
    table.integer('incident_id').nullable();
    table
      .string('actions_done_at', 32)
      .nullable()
      .comment('When the actions after the commit were carried out');
    table.unique(['policy_id', 'entity_ref', 'episode'], {
      indexName: 'microapps_policy_firings_trigger_uniq',
    });
    table.index(['policy_id', 'id'], 'microapps_policy_firings_policy_idx');
    table.index(['entity_ref', 'id'], 'microapps_policy_firings_app_idx');
  });

  await knex.schema.createTable('microapps_policy_blocks', table => {
    table.comment('Promotions a policy holds until its condition is false');
    table.string('entity_ref', 255).notNullable();
    table.string('policy_id', 100).notNullable();
    table.text('reason').notNullable();
    table.string('since', 32).notNullable();
    table.integer('firing_id').notNullable();
    table.primary(['entity_ref', 'policy_id'], 'microapps_policy_blocks_pk');
  });

  await knex.schema.alterTable('microapps_approvals', table => {
    table
      .string('review_required_at', 32)
      .nullable()
      .comment('A policy asked for a new review: a grant before this is stale');
    table.string('review_required_by', 100).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('microapps_approvals', table => {
    table.dropColumn('review_required_at');
    table.dropColumn('review_required_by');
  });
  await knex.schema.dropTable('microapps_policy_blocks');
  await knex.schema.dropTable('microapps_policy_firings');
  await knex.schema.dropTable('microapps_policy_states');
};
