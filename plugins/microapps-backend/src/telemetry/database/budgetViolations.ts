import {
  DEFAULT_VIOLATION_SEVERITY,
  microsToUsd,
} from '@trellis/plugin-microapps-common';
import type { Knex } from 'knex';
import type { ViolationRecord } from '../ingest/spanRecords';
import type { MonthShare } from './requestWrites';

/**
 * `budget_exceeded` for the app-months whose committed cost (`storedCost`,
 * keyed like the shares) plus this request's share is over budget. Two
 * concurrent requests that cross a budget only together are caught by the
 * app's next request.
 */
export function budgetViolations(
  shares: ReadonlyMap<string, MonthShare>,
  budgets: ReadonlyMap<string, number>,
  storedCost: ReadonlyMap<string, number>,
): ViolationRecord[] {
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
      detail: `Cost in ${share.month} reached $${microsToUsd(monthCost).toFixed(
        2,
      )}, over the monthly budget of $${microsToUsd(budget).toFixed(2)}`,
      source: 'derived',
    });
  }
  return violations;
}

/** The committed cost of the shares' apps and months, keyed like the shares, in one query. */
export async function storedMonthCosts(
  tx: Knex.Transaction,
  shares: ReadonlyMap<string, MonthShare>,
): Promise<Map<string, number>> {
  if (shares.size === 0) return new Map();
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
  return new Map(
    stored.map(row => [
      `${row.entity_ref}\u0000${row.month}`,
      Number(row.cost ?? 0),
    ]),
  );
}
