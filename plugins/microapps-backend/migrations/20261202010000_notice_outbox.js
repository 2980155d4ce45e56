// @ts-check

/**
 * Governance notices become an outbox: a notice is recorded with what to
 * send before it is sent, and one whose sending failed is retried with
 * back-off instead of being lost. Notices recorded before this migration
 * count as sent.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('microapps_notices', table => {
    table
      .string('state', 16)
      .notNullable()
      .defaultTo('sent')
      .comment('pending | sent | failed');
    table.text('payload').nullable().comment('The notification to send (JSON)');
    table.integer('attempts').notNullable().defaultTo(0);
    table.string('next_attempt_at', 32).nullable();
    table.text('last_error').nullable();
    table.index(['state', 'next_attempt_at'], 'microapps_notices_due_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('microapps_notices', table => {
    table.dropIndex(['state', 'next_attempt_at'], 'microapps_notices_due_idx');
  });
  await knex.schema.alterTable('microapps_notices', table => {
    table.dropColumn('state');
    table.dropColumn('payload');
    table.dropColumn('attempts');
    table.dropColumn('next_attempt_at');
    table.dropColumn('last_error');
  });
};
