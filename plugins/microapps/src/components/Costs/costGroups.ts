import type { CostGroup, CostGroupBy } from '@trellis/plugin-microapps-common';

/** Singular and plural names of each grouping. */
export const GROUP_NOUNS: Record<CostGroupBy, [string, string]> = {
  team: ['team', 'teams'],
  costCenter: ['cost center', 'cost centers'],
  model: ['model', 'models'],
  app: ['app', 'apps'],
};

/**
 * Whether a group holds an app over budget, as the backend counts it: an
 * app whose month to date cost more than its monthly budget.
 */
export const isOverBudget = (group: CostGroup) =>
  (group.appsOverBudget ?? 0) > 0;
