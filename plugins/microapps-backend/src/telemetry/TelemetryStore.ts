import type {
  ViolationSeverity,
  ViolationType,
} from '@trellis/plugin-microapps-common';
import type { SpanRecord, ViolationRecord } from './ingest/spanRecords';
import type { LatencyHistogram } from './latencyHistogram';

/** Usage summed over some rows. Money in whole micro-dollars. */
export interface UsageSums {
  /** What Trellis charges: catalog prices for known models. */
  costMicros: number;
  /** What the spans said they cost, where they said so. */
  reportedCostMicros: number;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}

export interface DailyUsageRow extends UsageSums {
  entityRef: string;
  day: string;
  model: string;
  /** The spans' durations; all zero for rows written before they were kept. */
  latency: LatencyHistogram;
}

/** An app's violations over a period, and how many of them are of high severity. */
export interface ViolationCounts {
  total: number;
  high: number;
}

/** A violation as stored: what was recorded, under its own id. */
export type StoredViolation = Omit<ViolationRecord, 'dedupeKey'> & {
  id: string;
};

export interface ViolationFilter {
  entityRefs?: string[];
  types?: ViolationType[];
  severities?: ViolationSeverity[];
  /** Inclusive lower and exclusive upper bound of `occurredAt`. */
  from?: Date;
  to?: Date;
}

export interface IngestOutcome {
  /** Spans stored for the first time. */
  newSpans: number;
  /** Spans seen before (exporter retries), ignored. */
  duplicateSpans: number;
  /** Spans refused for the caps, with the reason. */
  rejected: string[];
}

/**
 * How much one key may add per UTC day that nobody vetted: distinct
 * unregistered apps (only gateways report those) and distinct models the
 * catalog does not know. Past a cap the key's spans with new ones are
 * refused, so that a caller cannot grow the rollups, the violations or the
 * cost reports without bound.
 */
export interface IngestCaps {
  keyId: string;
  unregisteredAppsPerDay: number;
  unknownModelsPerDay: number;
}

export interface RetentionWindows {
  spanKeyDays: number;
  hourlyDays: number;
  dailyDays: number;
  violationDays: number;
}

/**
 * Usage rollups and the violation ledger. Writes of one OTLP request happen
 * in one transaction: either everything in it counts, once, or nothing does.
 */
export interface TelemetryStore {
  /**
   * Stores the records whose span keys are new, adds their usage to the
   * rollups, and records `budget_exceeded` for apps whose month cost crosses
   * their budget (`budgets`: lower-case entity ref → monthly micro-dollars).
   */
  ingest(
    records: SpanRecord[],
    budgets: ReadonlyMap<string, number>,
    now: Date,
    caps?: IngestCaps,
  ): Promise<IngestOutcome>;

  /** Daily rows between two UTC days (inclusive), optionally for some apps only. */
  dailyUsage(
    fromDay: string,
    toDay: string,
    entityRefs?: string[],
  ): Promise<DailyUsageRow[]>;
  /**
   * Daily rows whose last write was at or after `since` (a time of the
   * database's clock), or all rows; and the database's time when the read
   * began, for the next call.
   */
  dailyUsageChanges(
    since?: Date,
  ): Promise<{ rows: DailyUsageRow[]; readAt: Date }>;
  /** Distinct users per app between two UTC days (inclusive). */
  usersByApp(fromDay: string, toDay: string): Promise<Map<string, number>>;
  /** Violations per app since a time. */
  violationCountsByApp(since: Date): Promise<Map<string, ViolationCounts>>;

  listViolations(
    filter: ViolationFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: StoredViolation[]; totalItems: number }>;
  /** Violations per UTC day and type. */
  violationSeries(
    filter: ViolationFilter,
  ): Promise<Array<{ day: string; type: ViolationType; count: number }>>;

  /** Deletes what is older than the windows; returns the rows deleted per table. */
  applyRetention(
    windows: RetentionWindows,
    now: Date,
  ): Promise<Record<string, number>>;
}
