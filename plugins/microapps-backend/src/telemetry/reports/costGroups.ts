import { parseEntityRef } from '@backstage/catalog-model';
import {
  type CostGroup,
  type CostGroupBy,
  type CostReport,
  microsToUsd,
} from '@trellis/plugin-microapps-common';
import type { GovernedApp } from '../../registry/governedApp';
import type { DailyUsageRow, UsageSums } from '../TelemetryStore';
import type { BudgetTally } from './budgets';
import { changePct, EMPTY_SUMS, totalsOf } from './usageSums';
import type { AppLookup } from './visibleRefs';

export const UNREGISTERED = '(unregistered)';

const nameOf = (ref: string) => ref.slice(ref.indexOf('/') + 1);

/** An app's title, or for an unregistered app the name in its ref. */
export const appTitle = (entityRef: string, app: GovernedApp | undefined) =>
  app
    ? app.entity.metadata.title ?? app.entity.metadata.name
    : `${nameOf(entityRef)} ${UNREGISTERED}`;

/** The group an app's usage belongs to under each grouping. */
export function groupOf(
  groupBy: Exclude<CostGroupBy, 'model'>,
  entityRef: string,
  app: GovernedApp | undefined,
) {
  if (groupBy === 'app') {
    return { key: entityRef, label: appTitle(entityRef, app) };
  }
  if (!app) return { key: UNREGISTERED, label: 'Unregistered apps' };
  if (groupBy === 'team') {
    let label = app.owner;
    try {
      label = parseEntityRef(app.owner).name;
    } catch {
      // keep the ref as it is
    }
    return { key: app.owner, label };
  }
  return { key: app.entity.spec.costCenter, label: app.entity.spec.costCenter };
}

/** What the cost report adds up for one group. */
export interface GroupTally {
  key: string;
  label: string;
  sums: UsageSums;
  previousCostMicros: number;
  monthToDateMicros: number;
  /** Apps with usage in the period or the month to date. */
  appRefs: Set<string>;
  /**
   * Cost per day of the period, by the day's index; none if no usage.
   * Totals in micro-dollars: a typed array of doubles holds integers exactly
   * up to 2^53.
   */
  dailyCost?: Float64Array;
}

/** The tallies of the cost report's groups, in the order they were first met. */
export class GroupTallies {
  private readonly groups = new Map<string, GroupTally>();
  /** The group of each model or entity ref met so far. */
  private readonly groupOfKey = new Map<string, GroupTally>();

  constructor(
    private readonly groupBy: CostGroupBy,
    private readonly lookup: AppLookup,
  ) {}

  /** The tally of the group a usage row belongs to. */
  of(row: DailyUsageRow): GroupTally {
    const rawKey = this.groupBy === 'model' ? row.model : row.entityRef;
    let group = this.groupOfKey.get(rawKey);
    if (group) return group;
    const { key, label } =
      this.groupBy === 'model'
        ? { key: rawKey, label: rawKey }
        : groupOf(this.groupBy, rawKey, this.lookup(rawKey));
    group = this.groups.get(key);
    if (!group) {
      group = {
        key,
        label,
        sums: { ...EMPTY_SUMS },
        previousCostMicros: 0,
        monthToDateMicros: 0,
        appRefs: new Set(),
      };
      this.groups.set(key, group);
    }
    this.groupOfKey.set(rawKey, group);
    return group;
  }

  values(): GroupTally[] {
    return Array.from(this.groups.values());
  }
}

/**
 * The report's rows: one per group, the costliest first. A group's budget
 * and over-budget count are those of {@link reportBudgets}; its change is
 * none for a period that has not begun.
 */
export function costGroupRows(
  groups: readonly GroupTally[],
  options: {
    withMonth: boolean;
    budgets: ReadonlyMap<string, BudgetTally>;
    future: boolean;
  },
): CostGroup[] {
  const { withMonth, budgets, future } = options;
  return groups
    .map(group => {
      const budget = withMonth ? budgets.get(group.key) : undefined;
      return {
        key: group.key,
        label: group.label,
        ...totalsOf(group.sums),
        previousCostUsd: microsToUsd(group.previousCostMicros),
        changePct: future
          ? null
          : changePct(group.sums.costMicros, group.previousCostMicros),
        apps: group.appRefs.size,
        budgetUsd: budget?.budgetUsd,
        ...(withMonth
          ? {
              monthToDateUsd: microsToUsd(group.monthToDateMicros),
              appsOverBudget: budget?.appsOverBudget ?? 0,
            }
          : {}),
      };
    })
    .sort(
      (a, b) => b.costMicros - a.costMicros || a.label.localeCompare(b.label),
    );
}

/** What the groups past a cut list add up to. */
export function restOf(
  rows: readonly CostGroup[],
): NonNullable<CostReport['rest']> {
  const costMicros = rows.reduce((sum, row) => sum + row.costMicros, 0);
  return {
    groups: rows.length,
    costMicros,
    costUsd: microsToUsd(costMicros),
    requests: rows.reduce((sum, row) => sum + row.requests, 0),
  };
}
