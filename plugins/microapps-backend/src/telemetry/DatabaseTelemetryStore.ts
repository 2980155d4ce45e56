import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  DEFAULT_VIOLATION_SEVERITY,
  microsToUsd,
  type ViolationType,
} from '@trellis/plugin-microapps-common';
import type { Knex } from 'knex';
import type {
  SpanRecord,
  UsageRecord,
  ViolationRecord,
} from './ingest/extractSpanRecords';
import { lockFor } from '../shared/appLock';
import type {
  DailyUsageRow,
  IngestCaps,
  IngestOutcome,
  RetentionWindows,
  StoredViolation,
  TelemetryStore,
  UsageSums,
  ViolationFilter,
} from './TelemetryStore';

const migrationsDir = resolvePackagePath(
  '@trellis/plugin-microapps-backend',
  'migrations',
);

// Rows per statement: well below SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK_SIZE = 400;
const DAY_MS = 86_400_000;

const USAGE_COLUMNS = [
  'requests',
  'errors',
  'input_tokens',
  'output_tokens',
  'cached_input_tokens',
  'cost_micros',
  'reported_cost_micros',
] as const;

interface UsageRow {
  entity_ref: string;
  model: string;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cost_micros: number;
  reported_cost_micros: number;
}

function chunks<T>(items: T[], size = CHUNK_SIZE): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    result.push(items.slice(i, i + size));
  return result;
}

/** Adds one model call to a rollup row keyed by app, model and period. */
function addUsage(
  rows: Map<string, UsageRow & Record<string, unknown>>,
  period: 'hour' | 'day',
  usage: UsageRecord,
) {
  const key = `${usage.entityRef}\u0000${usage.model}\u0000${usage[period]}`;
  let row = rows.get(key);
  if (!row) {
    row = {
      entity_ref: usage.entityRef,
      model: usage.model,
      [period]: usage[period],
      requests: 0,
      errors: 0,
      input_tokens: 0,
      output_tokens: 0,
      cached_input_tokens: 0,
      cost_micros: 0,
      reported_cost_micros: 0,
    };
    rows.set(key, row);
  }
  row.requests += 1;
  row.errors += usage.error ? 1 : 0;
  row.input_tokens += usage.inputTokens;
  row.output_tokens += usage.outputTokens;
  row.cached_input_tokens += usage.cachedInputTokens;
  row.cost_micros += usage.costMicros;
  row.reported_cost_micros += usage.reportedCostMicros ?? 0;
}

/** One app's cost in one month within a request, and its latest span. */
interface MonthShare {
  entityRef: string;
  month: string;
  costMicros: number;
  latestStartMs: number;
  spanKey: string;
}

function addMonthShare(
  shares: Map<string, MonthShare>,
  usage: UsageRecord,
  spanKey: string,
) {
  const month = usage.day.slice(0, 7);
  const key = `${usage.entityRef}\u0000${month}`;
  const share = shares.get(key);
  if (!share) {
    shares.set(key, {
      entityRef: usage.entityRef,
      month,
      costMicros: usage.costMicros,
      latestStartMs: usage.startMs,
      spanKey,
    });
    return;
  }
  share.costMicros += usage.costMicros;
  if (share.latestStartMs < usage.startMs) {
    share.latestStartMs = usage.startMs;
    share.spanKey = spanKey;
  }
}

// PostgreSQL answers BIGINT as text: every count and sum goes through Number.
const sumsOf = (row: Record<string, unknown>): UsageSums => ({
  costMicros: Number(row.cost_micros ?? 0),
  reportedCostMicros: Number(row.reported_cost_micros ?? 0),
  requests: Number(row.requests ?? 0),
  errors: Number(row.errors ?? 0),
  inputTokens: Number(row.input_tokens ?? 0),
  outputTokens: Number(row.output_tokens ?? 0),
  cachedInputTokens: Number(row.cached_input_tokens ?? 0),
});

const toDate = (value: Date | string | number) =>
  value instanceof Date ? value : new Date(value);

const violationRow = (v: ViolationRecord) => ({
  dedupe_key: v.dedupeKey,
  entity_ref: v.entityRef,
  type: v.type,
  severity: v.severity,
  rule: v.rule,
  decision: v.decision,
  trace_id: v.traceId,
  span_id: v.spanId,
  occurred_at: v.occurredAt.toISOString(),
  detail: v.detail,
  source: v.source,
});

/** What one request writes after its span keys, each list in key order. */
interface RequestWrites {
  users: Array<{ entity_ref: string; day: string; user_hash: string }>;
  violations: Array<ReturnType<typeof violationRow>>;
  /** Rollup rows with their `hour` or `day`. */
  hourly: Array<UsageRow & Record<string, unknown>>;
  daily: Array<UsageRow & Record<string, unknown>>;
}

/**
 * The values in the order of their keys: concurrent transactions then lock
 * the rows they share in the same order, and cannot deadlock on them.
 */
function inKeyOrder<T>(rows: ReadonlyMap<string, T>): T[] {
  return Array.from(rows.keys())
    .sort()
    .map(key => rows.get(key)!);
}

const USAGE_SUMS_SQL = USAGE_COLUMNS.join(', ');
const ADD_USAGE_SQL = USAGE_COLUMNS.map(
  column => `${column} = rollup.${column} + excluded.${column}`,
).join(', ');

/**
 * PostgreSQL: the writes of a request after its span keys in one statement,
 * rows passed as JSON parameters: one round trip instead of one per table.
 * It is the last statement before the commit, so the locks on the rollup
 * rows, which concurrent requests share, are held only until that commit.
 */
async function writeInOneStatement(
  tx: Knex.Transaction,
  writes: RequestWrites,
) {
  await tx.raw(
    `with new_users as (
       insert into microapps_usage_users (entity_ref, day, user_hash)
       select entity_ref, day, user_hash
       from json_populate_recordset(null::microapps_usage_users, ?::json)
       on conflict do nothing
     ), new_violations as (
       insert into microapps_violations (dedupe_key, entity_ref, type, severity,
         rule, decision, trace_id, span_id, occurred_at, detail, source)
       select dedupe_key, entity_ref, type, severity, rule, decision, trace_id,
         span_id, occurred_at, detail, source
       from json_populate_recordset(null::microapps_violations, ?::json)
       on conflict (dedupe_key) do nothing
     ), hourly as (
       insert into microapps_usage_hourly as rollup (entity_ref, model, hour, ${USAGE_SUMS_SQL})
       select entity_ref, model, hour, ${USAGE_SUMS_SQL}
       from json_populate_recordset(null::microapps_usage_hourly, ?::json)
       on conflict (entity_ref, model, hour) do update set ${ADD_USAGE_SQL}
     )
     insert into microapps_usage_daily as rollup (entity_ref, model, day, ${USAGE_SUMS_SQL}, changed_at)
     select entity_ref, model, day, ${USAGE_SUMS_SQL}, statement_timestamp()
     from json_populate_recordset(null::microapps_usage_daily, ?::json)
     on conflict (entity_ref, model, day) do update
       set ${ADD_USAGE_SQL}, changed_at = excluded.changed_at`,
    [
      JSON.stringify(writes.users),
      JSON.stringify(writes.violations),
      JSON.stringify(writes.hourly),
      JSON.stringify(writes.daily),
    ],
  );
}

type CapKind = 'unregistered_app' | 'unknown_model';

/**
 * The records within the key's caps for today, and why the others are
 * refused. Under a lock on the key, so that concurrent requests of one key
 * cannot together pass a cap: each value (an unregistered app's ref, an
 * unknown model) is admitted when the key already reported it today, or
 * while the day's count is below the cap.
 */
async function admitWithinCaps(
  tx: Knex.Transaction,
  records: SpanRecord[],
  caps: IngestCaps,
  now: Date,
): Promise<{ admitted: SpanRecord[]; rejected: string[] }> {
  const wanted: Record<CapKind, Set<string>> = {
    unregistered_app: new Set(),
    unknown_model: new Set(),
  };
  for (const record of records) {
    if (record.unregisteredRef)
      wanted.unregistered_app.add(record.unregisteredRef);
    if (record.unknownModel) wanted.unknown_model.add(record.unknownModel);
  }
  if (wanted.unregistered_app.size + wanted.unknown_model.size === 0)
    return { admitted: records, rejected: [] };

  await lockFor(tx, `ingest-key:${caps.keyId}`);
  const day = now.toISOString().slice(0, 10);
  const limits: Record<CapKind, number> = {
    unregistered_app: caps.unregisteredAppsPerDay,
    unknown_model: caps.unknownModelsPerDay,
  };
  const allowed: Record<CapKind, Set<string>> = {
    unregistered_app: new Set(),
    unknown_model: new Set(),
  };
  for (const kind of ['unregistered_app', 'unknown_model'] as const) {
    if (wanted[kind].size === 0) continue;
    const seen: Array<{ value: string }> = await tx('microapps_ingest_key_days')
      .where({ key_id: caps.keyId, day, kind })
      .select('value');
    const known = new Set(seen.map(row => row.value));
    const added: string[] = [];
    for (const value of Array.from(wanted[kind]).sort()) {
      if (known.has(value)) allowed[kind].add(value);
      else if (known.size + added.length < limits[kind]) {
        allowed[kind].add(value);
        added.push(value);
      }
    }
    for (const chunk of chunks(added)) {
      await tx('microapps_ingest_key_days').insert(
        chunk.map(value => ({ key_id: caps.keyId, day, kind, value })),
      );
    }
  }
  const admitted: SpanRecord[] = [];
  const rejected: string[] = [];
  for (const record of records) {
    if (
      record.unregisteredRef &&
      !allowed.unregistered_app.has(record.unregisteredRef)
    ) {
      rejected.push(
        `${record.where ?? record.spanKey}: this key reported ${
          limits.unregistered_app
        } unregistered apps today, the most it may; register ${
          record.unregisteredRef
        } as a MicroApp`,
      );
    } else if (
      record.unknownModel &&
      !allowed.unknown_model.has(record.unknownModel)
    ) {
      rejected.push(
        `${record.where ?? record.spanKey}: this key reported ${
          limits.unknown_model
        } models the catalog does not know today, the most it may; add "${
          record.unknownModel
        }" to microapps.models`,
      );
    } else {
      admitted.push(record);
    }
  }
  return { admitted, rejected };
}

/** Knex implementation of {@link TelemetryStore} for SQLite and PostgreSQL. */
export class DatabaseTelemetryStore implements TelemetryStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseTelemetryStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseTelemetryStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  private get isPostgres() {
    return this.knex.client.config.client === 'pg';
  }

  async ingest(
    records: SpanRecord[],
    budgets: ReadonlyMap<string, number>,
    now: Date,
    caps?: IngestCaps,
  ): Promise<IngestOutcome> {
    if (records.length === 0)
      return { newSpans: 0, duplicateSpans: 0, rejected: [] };

    return this.knex.transaction(async tx => {
      // Caps first: a refused span's key is not recorded, so that it can be
      // sent again another day.
      const { admitted, rejected } = caps
        ? await admitWithinCaps(tx, records, caps, now)
        : { admitted: records, rejected: [] };
      // The same span twice in one request counts once, like a re-sent one.
      const bySpanKey = new Map<string, SpanRecord>();
      for (const record of admitted) {
        if (!bySpanKey.has(record.spanKey))
          bySpanKey.set(record.spanKey, record);
      }
      // Sorted keys everywhere: concurrent transactions lock rows in the same order.
      const spanKeys = Array.from(bySpanKey.keys()).sort();
      if (spanKeys.length === 0)
        return { newSpans: 0, duplicateSpans: 0, rejected };
      const fresh = (await this.insertSpanKeys(tx, spanKeys, now)).map(
        spanKey => bySpanKey.get(spanKey)!,
      );

      const hourly = new Map<string, UsageRow & Record<string, unknown>>();
      const daily = new Map<string, UsageRow & Record<string, unknown>>();
      const users = new Map<
        string,
        { entity_ref: string; day: string; user_hash: string }
      >();
      const violations: ViolationRecord[] = [];
      const monthShares = new Map<string, MonthShare>();
      for (const record of fresh) {
        violations.push(...record.violations);
        const usage = record.usage;
        if (!usage) continue;
        addUsage(hourly, 'hour', usage);
        addUsage(daily, 'day', usage);
        if (usage.userHash) {
          const key = `${usage.entityRef}\u0000${usage.day}\u0000${usage.userHash}`;
          users.set(key, {
            entity_ref: usage.entityRef,
            day: usage.day,
            user_hash: usage.userHash,
          });
        }
        if (budgets.has(usage.entityRef))
          addMonthShare(monthShares, usage, record.spanKey);
      }
      violations.push(
        ...(await this.budgetViolations(tx, monthShares, budgets)),
      );

      const uniqueViolations = new Map(violations.map(v => [v.dedupeKey, v]));
      const writes: RequestWrites = {
        users: inKeyOrder(users),
        violations: inKeyOrder(uniqueViolations).map(violationRow),
        hourly: inKeyOrder(hourly),
        daily: inKeyOrder(daily),
      };
      if (this.isPostgres) await writeInOneStatement(tx, writes);
      else await this.writeEach(tx, writes);
      return {
        newSpans: fresh.length,
        duplicateSpans: spanKeys.length - fresh.length,
        rejected,
      };
    });
  }

  /** Records span keys; returns those not seen before. */
  private async insertSpanKeys(
    tx: Knex.Transaction,
    spanKeys: string[],
    now: Date,
  ): Promise<string[]> {
    if (this.isPostgres) {
      // One statement whatever the number of keys: one round trip.
      const { rows } = await tx.raw(
        `insert into microapps_span_keys (span_key, seen_at)
         select span_key, ? from unnest(?::text[]) as span_key
         on conflict (span_key) do nothing
         returning span_key`,
        [now.toISOString(), spanKeys],
      );
      return rows.map((row: { span_key: string }) => row.span_key);
    }
    const fresh: string[] = [];
    for (const chunk of chunks(spanKeys)) {
      const inserted: Array<{ span_key: string }> = await tx(
        'microapps_span_keys',
      )
        .insert(
          chunk.map(span_key => ({ span_key, seen_at: now.toISOString() })),
        )
        .onConflict('span_key')
        .ignore()
        .returning('span_key');
      for (const row of inserted) fresh.push(row.span_key);
    }
    return fresh;
  }

  /** The writes of a request after its span keys, statement by statement. */
  private async writeEach(tx: Knex.Transaction, writes: RequestWrites) {
    for (const chunk of chunks(writes.users)) {
      await tx('microapps_usage_users')
        .insert(chunk)
        .onConflict(['entity_ref', 'day', 'user_hash'])
        .ignore();
    }
    for (const chunk of chunks(writes.violations)) {
      await tx('microapps_violations')
        .insert(chunk)
        .onConflict('dedupe_key')
        .ignore();
    }
    // The rollup rows are what concurrent requests share (every request of
    // an app adds to the same hour and day); their row locks are held until
    // commit, so they are written last.
    await this.upsertUsage(tx, 'microapps_usage_hourly', 'hour', writes.hourly);
    await this.upsertUsage(tx, 'microapps_usage_daily', 'day', writes.daily);
  }

  /**
   * `budget_exceeded` for the app-months whose committed cost plus this
   * request's share is over budget, in one query. Two concurrent requests
   * that cross a budget only together are caught by the app's next request.
   */
  private async budgetViolations(
    tx: Knex.Transaction,
    shares: ReadonlyMap<string, MonthShare>,
    budgets: ReadonlyMap<string, number>,
  ): Promise<ViolationRecord[]> {
    if (shares.size === 0) return [];
    const months = Array.from(shares.values(), share => share.month).sort();
    const month = tx.raw('substr(day, 1, 7)');
    const stored: Array<Record<string, unknown>> = await tx(
      'microapps_usage_daily',
    )
      .whereIn(
        'entity_ref',
        Array.from(new Set(Array.from(shares.values(), s => s.entityRef))),
      )
      .whereBetween('day', [`${months[0]}-01`, `${months.at(-1)}-31`])
      .groupBy('entity_ref', month)
      .select({ entity_ref: 'entity_ref', month })
      .sum({ cost: 'cost_micros' });
    const storedCost = new Map(
      stored.map(row => [
        `${row.entity_ref}\u0000${row.month}`,
        Number(row.cost ?? 0),
      ]),
    );
    const violations: ViolationRecord[] = [];
    for (const [key, share] of shares) {
      const budget = budgets.get(share.entityRef)!;
      const monthCost = (storedCost.get(key) ?? 0) + share.costMicros;
      if (monthCost <= budget) continue;
      violations.push({
        // Once per app and month.
        dedupeKey: `budget_exceeded:${share.entityRef}:${share.month}`,
        entityRef: share.entityRef,
        type: 'budget_exceeded',
        severity: DEFAULT_VIOLATION_SEVERITY.budget_exceeded,
        rule: `limits.monthlyBudgetUsd=${microsToUsd(budget)}`,
        decision: null,
        traceId: share.spanKey.slice(0, 32),
        spanId: share.spanKey.slice(32),
        occurredAt: new Date(share.latestStartMs),
        detail: `Cost in ${share.month} reached $${microsToUsd(
          monthCost,
        ).toFixed(2)}, over the monthly budget of $${microsToUsd(
          budget,
        ).toFixed(2)}`,
        source: 'derived',
      });
    }
    return violations;
  }

  private async upsertUsage(
    tx: Knex.Transaction,
    table: string,
    period: 'hour' | 'day',
    rows: Array<UsageRow & Record<string, unknown>>,
  ) {
    const merge: Record<string, Knex.Raw> = Object.fromEntries(
      USAGE_COLUMNS.map(column => [
        column,
        tx.raw('?? + ??', [`${table}.${column}`, `excluded.${column}`]),
      ]),
    );
    // The daily rows record when they changed, for the cost reports' cache.
    const changedAt = period === 'day' ? this.databaseTime(tx) : undefined;
    if (changedAt) merge.changed_at = changedAt;
    for (const chunk of chunks(rows)) {
      await tx(table)
        .insert(
          changedAt
            ? chunk.map(row => ({ ...row, changed_at: changedAt }))
            : chunk,
        )
        .onConflict(['entity_ref', 'model', period])
        .merge(merge);
    }
  }

  /**
   * The database's clock. On PostgreSQL the time of the statement, not of
   * the transaction's start, so that it is close to the commit.
   */
  private databaseTime(db: Knex) {
    return db.raw(
      this.isPostgres ? 'statement_timestamp()' : 'CURRENT_TIMESTAMP',
    );
  }

  async dailyUsageChanges(
    since?: Date,
  ): Promise<{ rows: DailyUsageRow[]; readAt: Date }> {
    const [{ now }] = await this.knex.select({
      now: this.databaseTime(this.knex),
    });
    const query = this.knex('microapps_usage_daily').select(
      'entity_ref',
      'day',
      'model',
      ...USAGE_COLUMNS,
    );
    if (since) {
      query.where(
        'changed_at',
        '>=',
        // SQLite's CURRENT_TIMESTAMP is text, `YYYY-MM-DD HH:MM:SS` in UTC.
        this.isPostgres
          ? since
          : since.toISOString().slice(0, 19).replace('T', ' '),
      );
    }
    const rows = await query;
    return {
      rows: rows.map(row => ({
        entityRef: row.entity_ref,
        day: row.day,
        model: row.model,
        ...sumsOf(row),
      })),
      readAt:
        typeof now === 'string' ? new Date(`${now.replace(' ', 'T')}Z`) : now,
    };
  }

  async dailyUsage(
    fromDay: string,
    toDay: string,
    entityRefs?: string[],
  ): Promise<DailyUsageRow[]> {
    const query = this.knex('microapps_usage_daily')
      .whereBetween('day', [fromDay, toDay])
      .select('entity_ref', 'day', 'model', ...USAGE_COLUMNS)
      .orderBy(['day', 'model']);
    if (entityRefs) query.whereIn('entity_ref', entityRefs);
    const rows = await query;
    return rows.map(row => ({
      entityRef: row.entity_ref,
      day: row.day,
      model: row.model,
      ...sumsOf(row),
    }));
  }

  async usersByApp(
    fromDay: string,
    toDay: string,
  ): Promise<Map<string, number>> {
    const rows = await this.knex('microapps_usage_users')
      .whereBetween('day', [fromDay, toDay])
      .groupBy('entity_ref')
      .select('entity_ref')
      .countDistinct({ users: 'user_hash' });
    return new Map(
      rows.map((row: Record<string, unknown>) => [
        row.entity_ref as string,
        Number(row.users),
      ]),
    );
  }

  async violationCountsByApp(since: Date): Promise<Map<string, number>> {
    const rows = await this.knex('microapps_violations')
      .where('occurred_at', '>=', since.toISOString())
      .whereNotNull('entity_ref')
      .groupBy('entity_ref')
      .select('entity_ref')
      .count({ count: '*' });
    return new Map(
      rows.map((row: Record<string, unknown>) => [
        row.entity_ref as string,
        Number(row.count),
      ]),
    );
  }

  private filtered(filter: ViolationFilter) {
    const query = this.knex('microapps_violations');
    if (filter.entityRefs) query.whereIn('entity_ref', filter.entityRefs);
    if (filter.types) query.whereIn('type', filter.types);
    if (filter.severities) query.whereIn('severity', filter.severities);
    if (filter.from)
      query.where('occurred_at', '>=', filter.from.toISOString());
    if (filter.to) query.where('occurred_at', '<', filter.to.toISOString());
    return query;
  }

  async listViolations(
    filter: ViolationFilter,
    page: { limit: number; offset: number },
  ) {
    const [rows, [{ count }]] = await Promise.all([
      this.filtered(filter)
        .select('*')
        .orderBy([
          { column: 'occurred_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(page.limit)
        .offset(page.offset),
      this.filtered(filter).count({ count: '*' }),
    ]);
    const items: StoredViolation[] = rows.map(row => ({
      id: String(row.id),
      entityRef: row.entity_ref,
      type: row.type,
      severity: row.severity,
      rule: row.rule,
      decision: row.decision,
      traceId: row.trace_id,
      spanId: row.span_id,
      occurredAt: toDate(row.occurred_at),
      detail: row.detail,
      source: row.source,
    }));
    return { items, totalItems: Number(count) };
  }

  async violationSeries(filter: ViolationFilter) {
    const day = this.isPostgres
      ? this.knex.raw(`to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD')`)
      : this.knex.raw('substr(occurred_at, 1, 10)');
    const rows = await this.filtered(filter)
      .select({ day, type: 'type' })
      .count({ count: '*' })
      .groupBy(day)
      .groupBy('type')
      .orderBy([{ column: 'day' }, { column: 'type' }]);
    return rows.map((row: Record<string, unknown>) => ({
      day: String(row.day),
      type: row.type as ViolationType,
      count: Number(row.count),
    }));
  }

  async applyRetention(
    windows: RetentionWindows,
    now: Date,
  ): Promise<Record<string, number>> {
    const before = (days: number) =>
      new Date(now.getTime() - days * DAY_MS).toISOString();
    return {
      microapps_span_keys: await this.knex('microapps_span_keys')
        .where('seen_at', '<', before(windows.spanKeyDays))
        .delete(),
      microapps_usage_hourly: await this.knex('microapps_usage_hourly')
        .where('hour', '<', before(windows.hourlyDays).slice(0, 13))
        .delete(),
      microapps_usage_daily: await this.knex('microapps_usage_daily')
        .where('day', '<', before(windows.dailyDays).slice(0, 10))
        .delete(),
      microapps_usage_users: await this.knex('microapps_usage_users')
        .where('day', '<', before(windows.dailyDays).slice(0, 10))
        .delete(),
      microapps_violations: await this.knex('microapps_violations')
        .where('occurred_at', '<', before(windows.violationDays))
        .delete(),
      // The caps count per day: yesterday's are kept for a request at midnight.
      microapps_ingest_key_days: await this.knex('microapps_ingest_key_days')
        .where('day', '<', before(2).slice(0, 10))
        .delete(),
    };
  }
}
