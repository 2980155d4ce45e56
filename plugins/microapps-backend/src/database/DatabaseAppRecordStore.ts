import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { AppRecordStore } from './AppRecordStore';

const migrationsDir = resolvePackagePath('@trellis/plugin-microapps-backend', 'migrations');

// Stay well below SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK_SIZE = 500;

/** Knex implementation of {@link AppRecordStore} for SQLite and PostgreSQL. */
export class DatabaseAppRecordStore implements AppRecordStore {
  static async create(options: { database: DatabaseService }): Promise<DatabaseAppRecordStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseAppRecordStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  async recordSeen(entityRefs: string[], now: Date): Promise<Map<string, Date>> {
    const refs = Array.from(new Set(entityRefs.map(ref => ref.toLocaleLowerCase('en-US'))));
    const seen = new Map<string, Date>();
    for (let i = 0; i < refs.length; i += CHUNK_SIZE) {
      const chunk = refs.slice(i, i + CHUNK_SIZE);
      await this.knex('microapps_apps')
        .insert(chunk.map(entity_ref => ({ entity_ref, first_seen_at: now })))
        .onConflict('entity_ref')
        .ignore();
      const rows = await this.knex('microapps_apps')
        .whereIn('entity_ref', chunk)
        .select('entity_ref', 'first_seen_at');
      for (const row of rows) {
        seen.set(row.entity_ref, toDate(row.first_seen_at));
      }
    }
    return seen;
  }
}

// SQLite returns timestamps as epoch milliseconds or strings; PostgreSQL as Date.
function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}
