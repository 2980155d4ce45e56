import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { migratedClient } from '../shared/database';
import { ingestSpanRecords } from './database/ingestSpanRecords';
import { applyRetention } from './database/retention';
import {
  dailyUsage,
  dailyUsageChanges,
  usersByApp,
} from './database/usageQueries';
import {
  listViolations,
  violationCountsByApp,
  violationSeries,
} from './database/violationQueries';
import type { SpanRecord } from './ingest/spanRecords';
import type {
  DailyUsageRow,
  IngestCaps,
  IngestOutcome,
  RetentionWindows,
  StoredViolation,
  TelemetryStore,
  ViolationCounts,
  ViolationFilter,
} from './TelemetryStore';

/**
 * Knex implementation of {@link TelemetryStore} for SQLite and PostgreSQL.
 * The queries live in `./database`, one module per job.
 */
export class DatabaseTelemetryStore implements TelemetryStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseTelemetryStore> {
    return new DatabaseTelemetryStore(await migratedClient(options.database));
  }

  constructor(private readonly knex: Knex) {}

  ingest(
    records: SpanRecord[],
    budgets: ReadonlyMap<string, number>,
    now: Date,
    caps?: IngestCaps,
  ): Promise<IngestOutcome> {
    return ingestSpanRecords(this.knex, records, budgets, now, caps);
  }

  dailyUsageChanges(
    since?: Date,
  ): Promise<{ rows: DailyUsageRow[]; readAt: Date }> {
    return dailyUsageChanges(this.knex, since);
  }

  dailyUsage(
    fromDay: string,
    toDay: string,
    entityRefs?: string[],
  ): Promise<DailyUsageRow[]> {
    return dailyUsage(this.knex, fromDay, toDay, entityRefs);
  }

  usersByApp(fromDay: string, toDay: string): Promise<Map<string, number>> {
    return usersByApp(this.knex, fromDay, toDay);
  }

  violationCountsByApp(since: Date): Promise<Map<string, ViolationCounts>> {
    return violationCountsByApp(this.knex, since);
  }

  listViolations(
    filter: ViolationFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: StoredViolation[]; totalItems: number }> {
    return listViolations(this.knex, filter, page);
  }

  violationSeries(filter: ViolationFilter) {
    return violationSeries(this.knex, filter);
  }

  applyRetention(
    windows: RetentionWindows,
    now: Date,
  ): Promise<Record<string, number>> {
    return applyRetention(this.knex, windows, now);
  }
}
