// @ts-check

/**
 * Approvals, the audit log and kill switches.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // One row per app and badge: the current approval. Its history is in the
  // audit log. `version` makes concurrent writes to the same row detectable.
  await knex.schema.createTable('microapps_approvals', table => {
    table.comment('The current approval of each badge of each MicroApp');
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.string('badge', 64).notNullable();
    table.string('state', 16).notNullable().comment('granted | revoked');
    table
      .string('digest', 80)
      .notNullable()
      .comment('Manifest digest the badge was granted on');
    table
      .text('reviewed_spec')
      .notNullable()
      .comment('Canonical risk-relevant spec that was reviewed (JSON)');
    table.string('approver', 255).notNullable();
    table.text('comment').notNullable();
    table.string('granted_at', 32).notNullable();
    table.string('expires_at', 32).notNullable();
    table.string('revoked_at', 32).nullable();
    table.string('revoked_by', 255).nullable();
    table.text('revoke_comment').nullable();
    table.integer('version').notNullable().defaultTo(1);
    table.unique(['entity_ref', 'badge'], {
      indexName: 'microapps_approvals_app_badge_uniq',
    });
  });

  // Append-only. Each entry holds the previous entry's hash and its own hash
  // over a canonical encoding, so an edit or deletion breaks the chain.
  await knex.schema.createTable('microapps_audit_log', table => {
    table.comment('Tamper-evident audit log of governance actions');
    table.bigIncrements('id');
    table.string('occurred_at', 32).notNullable();
    table.string('actor', 255).notNullable();
    table.string('action', 64).notNullable();
    table.string('entity_ref', 255).nullable();
    table.string('badge', 64).nullable();
    table.string('digest', 80).nullable();
    table.text('comment').nullable();
    table.text('details').nullable().comment('JSON');
    table.string('prev_hash', 64).notNullable();
    table.string('hash', 64).notNullable();
    table.index(['entity_ref', 'id'], 'microapps_audit_log_app_idx');
  });

  // The chain's head, locked while appending so that replicas append one at a
  // time, and compared on verification so that deleting the newest entries is
  // detected too.
  await knex.schema.createTable('microapps_audit_head', table => {
    table.integer('id').primary();
    table.bigInteger('last_id').notNullable();
    table.string('last_hash', 64).notNullable();
  });
  await knex('microapps_audit_head').insert({
    id: 1,
    last_id: 0,
    last_hash: '0'.repeat(64),
  });

  // Notifications already sent, so that each goes out once whatever the
  // number of replicas or scans.
  await knex.schema.createTable('microapps_notices', table => {
    table.comment('Keys of governance notifications already sent');
    table.string('notice_key', 512).primary();
    table.string('sent_at', 32).notNullable();
  });

  await knex.schema.createTable('microapps_kill_switches', table => {
    table.comment('Kill switches that gateways read');
    table.string('entity_ref', 255).primary();
    table.boolean('enabled').notNullable();
    table.text('reason').notNullable();
    table.string('updated_by', 255).notNullable();
    table.string('updated_at', 32).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('microapps_kill_switches');
  await knex.schema.dropTable('microapps_notices');
  await knex.schema.dropTable('microapps_audit_head');
  await knex.schema.dropTable('microapps_audit_log');
  await knex.schema.dropTable('microapps_approvals');
};
