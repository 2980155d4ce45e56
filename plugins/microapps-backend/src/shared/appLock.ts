import { createHash } from 'crypto';
import type { Knex } from 'knex';

/**
 * Serialises writes about one app (or any other key) for the rest of the
 * transaction, so that rules over several rows are checked on what is
 * committed. PostgreSQL: a transaction-scoped advisory lock keyed by the
 * name. SQLite runs one write transaction at a time anyway.
 */
export async function lockFor(
  tx: Knex.Transaction,
  name: string,
): Promise<void> {
  if (tx.client.config.client !== 'pg') return;
  await tx.raw('select pg_advisory_xact_lock(?::bigint)', [lockKey(name)]);
}

/** A signed 64-bit key for an advisory lock, as a decimal string. */
function lockKey(name: string): string {
  const digest = createHash('sha256').update(`microapps:${name}`).digest();
  return digest.readBigInt64BE(0).toString();
}
