import type { Knex } from 'knex';

/** Whether the database is PostgreSQL; otherwise it is SQLite. */
export const isPostgres = (knex: Knex) => knex.client.config.client === 'pg';

/**
 * The database's clock. On PostgreSQL the time of the statement, not of
 * the transaction's start, so that it is close to the commit.
 */
export function databaseTime(db: Knex, postgres: boolean) {
  return db.raw(postgres ? 'statement_timestamp()' : 'CURRENT_TIMESTAMP');
}
