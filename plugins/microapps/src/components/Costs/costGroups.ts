import type { CostGroup, CostGroupBy } from '@trellis/plugin-microapps-common';

/** Singular and plural names of each grouping. */
export const GROUP_NOUNS: Record<CostGroupBy, [string, string]> = {
  team: ['team', 'teams'],
  costCenter: ['cost center', 'cost centers'],
  model: ['model', 'models'],
  app: ['app', 'apps'],
};

export const isOverBudget = (group: CostGroup) =>
  group.budgetUsd !== undefined &&
  group.budgetUsd > 0 &&
  (group.monthToDateUsd ?? 0) > group.budgetUsd;
