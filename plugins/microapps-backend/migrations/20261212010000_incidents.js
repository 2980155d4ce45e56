// @ts-check

/**
 * Incidents: every enforcing policy firing opens an incident for its app, or
 * extends the app's latest one that is not closed. People add notes and move
 * it from open to mitigated to closed; each firing, note and change is an
 * event of the incident.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('microapps_incidents', table => {
    table.comment('Incidents that enforcing policy firings opened for an app');
    table.increments('id');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The app, lower-case');
    table.text('title').notNullable();
    table
      .string('severity', 16)
      .notNullable()
      .comment('low | medium | high | critical: the highest of its firings');
    table
      .string('state', 16)
      .notNullable()
      .comment('open | mitigated | closed; closed is final');
    table.string('opened_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.string('mitigated_at', 32).nullable();
    table.string('mitigated_by', 255).nullable();
    table.string('closed_at', 32).nullable();
    table.string('closed_by', 255).nullable();
    table
      .text('retrospective')
      .nullable()
      .comment('What was learnt, written when it was closed');
    table
      .text('policy_ids')
      .notNullable()
      .comment('JSON list of the distinct policy ids that fired into it');
    table.index(['entity_ref', 'state'], 'microapps_incidents_app_state_idx');
  });
  await knex.schema.createTable('microapps_incident_events', table => {
    table.comment('What happened in an incident, oldest first by id');
    table.increments('id');
    table
      .integer('incident_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('microapps_incidents')
      .onDelete('CASCADE');
    table.string('occurred_at', 32).notNullable();
    table
      .string('kind', 16)
      .notNullable()
      .comment('firing | note | state | kill-switch');
    table
      .string('actor', 255)
      .notNullable()
      .comment('A user entity ref, or policy:<id> for a firing');
    table.text('text').notNullable();
    table
      .text('details')
      .nullable()
      .comment(
        'JSON; for a firing { policyId, firingId, values, traceIds, actions }',
      );
    table.index(['incident_id'], 'microapps_incident_events_incident_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('microapps_incident_events');
  await knex.schema.dropTable('microapps_incidents');
};
