import type { CostGroupBy } from '@trellis/plugin-microapps-common';
import type { GovernedApp } from '../../registry/governedApp';
import {
  addBudget,
  type BudgetTally,
  countedBudgetUsd,
  emptyBudgetTally,
} from './budgets';
import { groupOf } from './costGroups';

/** The budgets of a cost report: per group key, and of every app in it. */
export interface ReportBudgets {
  byGroup: Map<string, BudgetTally>;
  total: BudgetTally;
}

/**
 * Adds up the counted budgets ({@link countedBudgetUsd}) of the registered
 * apps a report covers, whether or not they have usage, per group and in
 * all, with how many of them are over budget this month.
 */
export function reportBudgets(options: {
  groupBy: CostGroupBy;
  apps: readonly GovernedApp[];
  /** Whether the report covers an app (visible to the caller, of the owner asked for). */
  covers: (app: GovernedApp) => boolean;
  /** Month-to-date cost in micro-dollars by lower-case entity ref. */
  monthToDate: ReadonlyMap<string, { costMicros: number }>;
}): ReportBudgets {
  const { groupBy, apps, covers, monthToDate } = options;
  const byGroup = new Map<string, BudgetTally>();
  const total = emptyBudgetTally();
  for (const app of apps) {
    if (!covers(app)) continue;
    const budget = countedBudgetUsd(app);
    if (budget === undefined) continue;
    const ref = app.entityRef.toLocaleLowerCase('en-US');
    const spent = monthToDate.get(ref)?.costMicros ?? 0;
    addBudget(total, budget, spent);
    if (groupBy === 'model') continue;
    const { key } = groupOf(groupBy, ref, app);
    let group = byGroup.get(key);
    if (!group) {
      group = emptyBudgetTally();
      byGroup.set(key, group);
    }
    addBudget(group, budget, spent);
  }
  return { byGroup, total };
}
