import type { ViolationType } from '@trellis/plugin-microapps-common';
import type { Knex } from 'knex';
import type {
  StoredViolation,
  ViolationCounts,
  ViolationFilter,
} from '../TelemetryStore';
import { isPostgres } from './dialect';

const toDate = (value: Date | string | number) =>
  value instanceof Date ? value : new Date(value);

/** Violations per app since a time, and how many of them are of high severity. */
export async function violationCountsByApp(
  knex: Knex,
  since: Date,
): Promise<Map<string, ViolationCounts>> {
  const rows = await knex('microapps_violations')
    .where('occurred_at', '>=', since.toISOString())
    .whereNotNull('entity_ref')
    .groupBy('entity_ref', 'severity')
    .select('entity_ref', 'severity')
    .count({ count: '*' });
  const counts = new Map<string, ViolationCounts>();
  for (const row of rows as Array<Record<string, unknown>>) {
    const ref = row.entity_ref as string;
    const entry = counts.get(ref) ?? { total: 0, high: 0 };
    const count = Number(row.count);
    entry.total += count;
    if (row.severity === 'high') entry.high += count;
    counts.set(ref, entry);
  }
  return counts;
}

/** One page of the violations that match a filter, newest first, and how many match. */
export async function listViolations(
  knex: Knex,
  filter: ViolationFilter,
  page: { limit: number; offset: number },
) {
  const [rows, [{ count }]] = await Promise.all([
    filtered(knex, filter)
      .select('*')
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(page.limit)
      .offset(page.offset),
    filtered(knex, filter).count({ count: '*' }),
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

/** The violations that match a filter, counted per UTC day and type. */
export async function violationSeries(knex: Knex, filter: ViolationFilter) {
  const day = isPostgres(knex)
    ? knex.raw(`to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD')`)
    : knex.raw('substr(occurred_at, 1, 10)');
  const rows = await filtered(knex, filter)
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

function filtered(knex: Knex, filter: ViolationFilter) {
  const query = knex('microapps_violations');
  if (filter.entityRefs) query.whereIn('entity_ref', filter.entityRefs);
  if (filter.types) query.whereIn('type', filter.types);
  if (filter.severities) query.whereIn('severity', filter.severities);
  if (filter.from) query.where('occurred_at', '>=', filter.from.toISOString());
  if (filter.to) query.where('occurred_at', '<', filter.to.toISOString());
  return query;
}
