import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { migratedClient } from '../shared/database';
import type { AppRecord, AppRecordStore } from './AppRecordStore';

// Stay well below SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK_SIZE = 500;

/** Knex implementation of {@link AppRecordStore} for SQLite and PostgreSQL. */
export class DatabaseAppRecordStore implements AppRecordStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseAppRecordStore> {
    return new DatabaseAppRecordStore(await migratedClient(options.database));
  }

  constructor(private readonly knex: Knex) {}

  async recordSeen(
    apps: Array<{ entityRef: string; digest: string }>,
    now: Date,
  ): Promise<Map<string, AppRecord>> {
    const digests = new Map(
      apps.map(app => [app.entityRef.toLocaleLowerCase('en-US'), app.digest]),
    );
    const refs = Array.from(digests.keys());
    const records = new Map<string, AppRecord>();
    for (let i = 0; i < refs.length; i += CHUNK_SIZE) {
      const chunk = refs.slice(i, i + CHUNK_SIZE);
      await this.knex('microapps_apps')
        .insert(
          chunk.map(entity_ref => ({
            entity_ref,
            first_seen_at: now,
            digest: digests.get(entity_ref),
            digest_since: now,
          })),
        )
        .onConflict('entity_ref')
        .ignore();
      const rows = await this.knex('microapps_apps')
        .whereIn('entity_ref', chunk)
        .select('entity_ref', 'first_seen_at', 'digest', 'digest_since');
      for (const row of rows) {
        let digestSince = row.digest_since ? toDate(row.digest_since) : now;
        if (row.digest !== digests.get(row.entity_ref)) {
          // The manifest changed materially since the last look: rare, so one update each.
          digestSince = now;
          await this.knex('microapps_apps')
            .where('entity_ref', row.entity_ref)
            .update({ digest: digests.get(row.entity_ref), digest_since: now });
        }
        records.set(row.entity_ref, {
          firstSeenAt: toDate(row.first_seen_at),
          digestSince,
        });
      }
    }
    return records;
  }

  async findByBadgeToken(token: string): Promise<string | undefined> {
    const row = await this.knex('microapps_apps')
      .where({ badge_token: token })
      .first('entity_ref');
    return row?.entity_ref;
  }
}

// SQLite returns timestamps as epoch milliseconds or strings; PostgreSQL as Date.
function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}
