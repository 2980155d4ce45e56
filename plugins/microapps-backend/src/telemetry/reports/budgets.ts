import { microsToUsd } from '@trellis/plugin-microapps-common';
import type { GovernedApp } from '../../registry/governedApp';

/**
 * An app's monthly budget as the cost views count it: its
 * `spec.limits.monthlyBudgetUsd` when above 0, unless the app is
 * decommissioned (it no longer runs, so its budget is not the team's).
 * Whether the app has usage does not matter. The one definition of the
 * budgets a group, a team card and the over-budget count add up.
 */
export function countedBudgetUsd(app: GovernedApp): number | undefined {
  if (app.entity.spec.lifecycle === 'decommissioned') return undefined;
  const budget = app.entity.spec.limits?.monthlyBudgetUsd;
  return budget !== undefined && budget > 0 ? budget : undefined;
}

/**
 * Over budget: the calendar month to date (UTC, today included) cost more
 * than the monthly budget. The one definition of "over budget" of every
 * cost view; groups are not over budget themselves, they hold apps that are.
 */
export function isOverBudget(
  monthToDateMicros: number,
  budgetUsd: number | undefined,
): boolean {
  return budgetUsd !== undefined && microsToUsd(monthToDateMicros) > budgetUsd;
}

/** The budgets of some apps. */
export interface BudgetTally {
  /** Sum of the counted budgets; undefined when no app has one. */
  budgetUsd?: number;
  appsWithBudget: number;
  appsOverBudget: number;
}

export const emptyBudgetTally = (): BudgetTally => ({
  appsWithBudget: 0,
  appsOverBudget: 0,
});

/** Adds one app's budget and whether it is over it. */
export function addBudget(
  tally: BudgetTally,
  budgetUsd: number | undefined,
  monthToDateMicros: number,
): void {
  if (budgetUsd === undefined) return;
  tally.budgetUsd = (tally.budgetUsd ?? 0) + budgetUsd;
  tally.appsWithBudget += 1;
  if (isOverBudget(monthToDateMicros, budgetUsd)) tally.appsOverBudget += 1;
}
