import type {
  SpanRecord,
  UsageRecord,
  ViolationRecord,
} from '../ingest/spanRecords';
import {
  countDuration,
  LATENCY_COLUMNS,
  type LatencyColumn,
} from '../latencyHistogram';
import type { UsageRollupRow } from './usageRollups';

type UserRow = { entity_ref: string; day: string; user_hash: string };

/** A violation as a row of `microapps_violations`. */
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

/** One app's cost in one month within a request, and its latest span. */
export interface MonthShare {
  entityRef: string;
  month: string;
  costMicros: number;
  latestStartMs: number;
  spanKey: string;
}

/** What the new spans of a request add up to, before budgets are checked. */
export interface RequestTally {
  hourly: Map<string, UsageRollupRow>;
  daily: Map<string, UsageRollupRow>;
  users: Map<string, UserRow>;
  violations: ViolationRecord[];
  /** Cost per app and month, for the apps with a budget. */
  monthShares: Map<string, MonthShare>;
}

/** What one request writes after its span keys, each list in key order. */
export interface RequestWrites {
  users: UserRow[];
  violations: Array<ReturnType<typeof violationRow>>;
  /** Rollup rows with their `hour` or `day`. */
  hourly: UsageRollupRow[];
  daily: UsageRollupRow[];
}

/** Adds up the usage, users and violations of a request's new spans. */
export function tallyRequest(
  fresh: readonly SpanRecord[],
  budgets: ReadonlyMap<string, number>,
): RequestTally {
  const tally: RequestTally = {
    hourly: new Map(),
    daily: new Map(),
    users: new Map(),
    violations: [],
    monthShares: new Map(),
  };
  for (const record of fresh) {
    tally.violations.push(...record.violations);
    const usage = record.usage;
    if (!usage) continue;
    addUsage(tally.hourly, 'hour', usage);
    addUsage(tally.daily, 'day', usage);
    if (usage.userHash) {
      const key = `${usage.entityRef}\u0000${usage.day}\u0000${usage.userHash}`;
      tally.users.set(key, {
        entity_ref: usage.entityRef,
        day: usage.day,
        user_hash: usage.userHash,
      });
    }
    if (budgets.has(usage.entityRef))
      addMonthShare(tally.monthShares, usage, record.spanKey);
  }
  return tally;
}

/** The rows to write for a tally and the budget violations it causes. */
export function requestWrites(
  tally: RequestTally,
  budgetViolations: readonly ViolationRecord[],
): RequestWrites {
  const uniqueViolations = new Map(
    [...tally.violations, ...budgetViolations].map(v => [v.dedupeKey, v]),
  );
  return {
    users: inKeyOrder(tally.users),
    violations: inKeyOrder(uniqueViolations).map(violationRow),
    hourly: inKeyOrder(tally.hourly),
    daily: inKeyOrder(tally.daily),
  };
}

const ZERO_LATENCY = Object.fromEntries(
  LATENCY_COLUMNS.map(column => [column, 0]),
) as Record<LatencyColumn, number>;

/** Adds one model call to a rollup row keyed by app, model and period. */
function addUsage(
  rows: Map<string, UsageRollupRow>,
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
      ...ZERO_LATENCY,
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
  if (usage.durationMs !== undefined) countDuration(row, usage.durationMs);
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

/**
 * The values in the order of their keys: concurrent transactions then lock
 * the rows they share in the same order, and cannot deadlock on them.
 */
function inKeyOrder<T>(rows: ReadonlyMap<string, T>): T[] {
  return Array.from(rows.keys())
    .sort()
    .map(key => rows.get(key)!);
}
