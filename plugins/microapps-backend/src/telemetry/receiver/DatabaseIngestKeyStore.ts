import type { Knex } from 'knex';
import { appendAuditEntry } from '../../audit/auditChain';
import type { IngestKeyRecord, IngestKeyStore } from './IngestKeyStore';

const TABLE = 'microapps_ingest_keys';
const MARK_USED_EVERY_MS = 60_000;

type IngestKeyRow = {
  id: string;
  entity_ref: string | null;
  name: string;
  key_hash: string;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
};

function toRecord(row: IngestKeyRow): IngestKeyRecord {
  return {
    id: row.id,
    entityRef: row.entity_ref ?? undefined,
    name: row.name,
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at ?? undefined,
    revokedAt: row.revoked_at ?? undefined,
  };
}

/**
 * Knex implementation of {@link IngestKeyStore}. Migrations are run by the
 * plugin's other stores, which share the database.
 */
export class DatabaseIngestKeyStore implements IngestKeyStore {
  constructor(private readonly knex: Knex) {}

  async create(input: Parameters<IngestKeyStore['create']>[0]) {
    const row: IngestKeyRow = {
      id: input.id,
      entity_ref: input.entityRef?.toLocaleLowerCase('en-US') ?? null,
      name: input.name,
      key_hash: input.keyHash,
      created_at: input.createdAt,
      created_by: input.createdBy,
      last_used_at: null,
      revoked_at: null,
      revoked_by: null,
    };
    await this.knex.transaction(async tx => {
      await tx(TABLE).insert(row);
      await appendAuditEntry(tx, input.audit);
    });
    return toRecord(row);
  }

  async list(entityRef: string | undefined) {
    const query = this.knex<IngestKeyRow>(TABLE)
      .whereNull('revoked_at')
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    if (entityRef)
      query.where('entity_ref', entityRef.toLocaleLowerCase('en-US'));
    else query.whereNull('entity_ref');
    return (await query).map(toRecord);
  }

  async revoke(input: Parameters<IngestKeyStore['revoke']>[0]) {
    return this.knex.transaction(async tx => {
      const query = tx(TABLE).where('id', input.id).whereNull('revoked_at');
      if (input.entityRef)
        query.where('entity_ref', input.entityRef.toLocaleLowerCase('en-US'));
      else query.whereNull('entity_ref');
      const updated = await query.update({
        revoked_at: input.revokedAt,
        revoked_by: input.revokedBy,
      });
      if (updated === 0) return false;
      await appendAuditEntry(tx, input.audit);
      return true;
    });
  }

  async findActive(keyHash: string) {
    const row = await this.knex<IngestKeyRow>(TABLE)
      .where('key_hash', keyHash)
      .whereNull('revoked_at')
      .first();
    return row ? toRecord(row) : undefined;
  }

  async markUsed(id: string, now: Date) {
    const before = new Date(now.getTime() - MARK_USED_EVERY_MS).toISOString();
    await this.knex(TABLE)
      .where('id', id)
      .where(query =>
        query.whereNull('last_used_at').orWhere('last_used_at', '<', before),
      )
      .update({ last_used_at: now.toISOString() });
  }
}
