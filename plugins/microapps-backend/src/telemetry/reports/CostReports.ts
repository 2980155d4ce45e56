import {
  addDays,
  type AppCosts,
  type CostGroupBy,
  type CostReport,
  type ThirtyDayUsage,
  daysBetween,
  microsToUsd,
  type ModelCatalogEntry,
  monthBounds,
} from '@trellis/plugin-microapps-common';
import type { AppVisibility } from '../../registry/AppReadAccess';
import type { GovernedApp } from '../../registry/governedApp';
import type {
  DailyUsageRow,
  TelemetryStore,
  UsageSums,
} from '../TelemetryStore';
import { appCostDays, appCostsOf, tallyAppCosts } from './appCosts';
import { chargebackCsvText, chargebackRows } from './chargebackStatement';
import {
  costGroupRows,
  type GroupTally,
  GroupTallies,
  restOf,
} from './costGroups';
import { costSeries } from './costSeries';
import type { BudgetTally } from './budgets';
import { reportBudgets } from './groupBudgets';
import { anomalousDays } from './runRate';
import type { DailyUsageCache } from './DailyUsageCache';
import { type DayRange, previousRange } from './dayRange';
import { addInto, changePct, pickSums } from './usageSums';
import { type AppLookup, visibleRefs } from './visibleRefs';

/** Most groups a cost report lists; the rest are summed in `rest`. */
export const MAX_REPORT_GROUPS = 1_000;

/** A report's budget and over-budget count (not for `model`). */
function budgetFigures(total: BudgetTally) {
  return {
    budgetUsd: total.budgetUsd,
    overBudget: {
      apps: total.appsOverBudget,
      appsWithBudget: total.appsWithBudget,
    },
  };
}

/** The days a cost report adds up, besides the period itself. */
interface ReportDays {
  range: DayRange;
  previous: DayRange;
  monthFirst: string;
  today: string;
  /** Whether the groups show the month to date (all but the model grouping). */
  withMonth: boolean;
  /** Days in the period. */
  dayCount: number;
}

/**
 * Cost and usage views over the daily rollups: per app, grouped for finance,
 * the monthly chargeback statement, and the marketplace's 30-day figures.
 */
export class CostReports {
  constructor(
    private readonly options: {
      store: TelemetryStore;
      /** The daily rollups in memory, for the reports that total many of them. */
      usage: DailyUsageCache;
      appLookup: () => Promise<AppLookup>;
      /** Every registered app, for the budgets of apps without usage. */
      apps: () => Promise<readonly GovernedApp[]>;
      /** The model catalog, for the prices of cached input (none: no cache saving). */
      models?: readonly ModelCatalogEntry[];
    },
  ) {}

  async appCosts(
    app: GovernedApp,
    range: DayRange,
    today: string,
  ): Promise<AppCosts> {
    const entityRef = app.entityRef.toLocaleLowerCase('en-US');
    const days = appCostDays(range, today);
    const rows = await this.options.store.dailyUsage(
      days.readFrom,
      days.readTo,
      [entityRef],
    );
    return appCostsOf(
      app,
      days,
      tallyAppCosts(rows, days),
      this.options.models,
    );
  }

  async report(
    groupBy: CostGroupBy,
    range: DayRange,
    today: string,
    visibility?: AppVisibility,
    limit = MAX_REPORT_GROUPS,
    owner?: string,
  ): Promise<CostReport> {
    const [lookup, apps] = await Promise.all([
      this.options.appLookup(),
      this.options.apps(),
      this.options.usage.refresh(),
    ]);
    const readable = visibleRefs(lookup, visibility);
    // An owner's report holds its registered apps only: shadow apps have no owner.
    const visible = owner
      ? (ref: string) => readable(ref) && lookup(ref)?.owner === owner
      : readable;
    const previous = previousRange(range);
    const month = monthBounds(today.slice(0, 7));
    const withMonth = groupBy !== 'model';
    const periodDays = Array.from(
      { length: daysBetween(range.from, range.to) },
      (_, index) => addDays(range.from, index),
    );
    const groups = new GroupTallies(groupBy, lookup);
    const days = {
      range,
      previous,
      monthFirst: month.first,
      today,
      withMonth,
      dayCount: periodDays.length,
    };
    this.tallyGroups(groups, days, visible);
    const budgets = reportBudgets({
      groupBy,
      apps,
      covers: app => visible(app.entityRef.toLocaleLowerCase('en-US')),
      monthToDate: this.totalsByApp(month.first, today, visible),
    });
    // A period that has not begun has no change: nothing happened in it yet.
    const future = range.from > today;
    const tallies = groups.values();
    const rows = costGroupRows(tallies, {
      withMonth,
      budgets: budgets.byGroup,
      future,
    });
    const totalMicros = rows.reduce((sum, row) => sum + row.costMicros, 0);
    const previousTotalMicros = tallies.reduce(
      (sum, group) => sum + group.previousCostMicros,
      0,
    );
    return {
      groupBy,
      from: range.from,
      to: range.to,
      previousFrom: previous.from,
      previousTo: previous.to,
      totalUsd: microsToUsd(totalMicros),
      totalMicros,
      previousTotalUsd: microsToUsd(previousTotalMicros),
      changePct: future ? null : changePct(totalMicros, previousTotalMicros),
      groups: rows.slice(0, limit),
      totalGroups: rows.length,
      totalRequests: rows.reduce((sum, row) => sum + row.requests, 0),
      ...(rows.length > limit ? { rest: restOf(rows.slice(limit)) } : {}),
      series: costSeries(rows, tallies, periodDays),
      anomalousDays: reportAnomalies(tallies, periodDays, today),
      ...(withMonth ? budgetFigures(budgets.total) : {}),
    };
  }

  /**
   * The month's statement, one row per cost center and app, as CSV (RFC 4180,
   * CRLF line ends) that spreadsheets open as it is.
   */
  async chargebackCsv(
    month: string,
    visibility?: AppVisibility,
  ): Promise<string> {
    const [lookup] = await Promise.all([
      this.options.appLookup(),
      this.options.usage.refresh(),
    ]);
    const visible = visibleRefs(lookup, visibility);
    const { first, last } = monthBounds(month);
    const rows = chargebackRows(this.totalsByApp(first, last), lookup, visible);
    return chargebackCsvText(month, rows);
  }

  async marketplaceFigures(
    today = new Date().toISOString().slice(0, 10),
  ): Promise<Map<string, ThirtyDayUsage>> {
    const { store } = this.options;
    const from = addDays(today, -29);
    const [users, violations] = await Promise.all([
      store.usersByApp(from, today),
      store.violationCountsByApp(new Date(`${from}T00:00:00Z`)),
    ]);
    const figures = new Map<string, ThirtyDayUsage>();
    const figuresOf = (ref: string) => {
      let entry = figures.get(ref);
      if (!entry) {
        entry = {
          cost30dUsd: 0,
          requests30d: 0,
          costPerRequestUsd: 0,
          users30d: 0,
          violations30d: 0,
          highViolations30d: 0,
        };
        figures.set(ref, entry);
      }
      return entry;
    };
    await this.options.usage.refresh();
    for (const [ref, sums] of this.totalsByApp(from, today)) {
      Object.assign(figuresOf(ref), {
        cost30dUsd: microsToUsd(sums.costMicros),
        requests30d: sums.requests,
        costPerRequestUsd:
          sums.requests > 0 ? microsToUsd(sums.costMicros) / sums.requests : 0,
      });
    }
    for (const [ref, count] of users) figuresOf(ref).users30d = count;
    for (const [ref, { total, high }] of violations) {
      Object.assign(figuresOf(ref), {
        violations30d: total,
        highViolations30d: high,
      });
    }
    return figures;
  }

  /**
   * Adds the visible usage of the current and previous periods and the month
   * to date to the groups, from a refreshed cache.
   */
  private tallyGroups(
    groups: GroupTallies,
    days: ReportDays,
    visible: (entityRef: string) => boolean,
  ) {
    const { range, previous, monthFirst, today, withMonth } = days;
    const visitDay = (day: string, dayRows: readonly DailyUsageRow[]) => {
      const current = day >= range.from && day <= range.to;
      const before = day >= previous.from && day <= previous.to;
      const monthToDate = withMonth && day >= monthFirst && day <= today;
      if (!current && !before && !monthToDate) return;
      const dayIndex = current ? daysBetween(range.from, day) - 1 : -1;
      for (const row of dayRows) {
        if (!visible(row.entityRef)) continue;
        const group = groups.of(row);
        if (current) {
          addInto(group.sums, row);
          group.dailyCost ??= new Float64Array(days.dayCount);
          group.dailyCost[dayIndex] += row.costMicros;
        }
        if (before) group.previousCostMicros += row.costMicros;
        if (monthToDate) group.monthToDateMicros += row.costMicros;
        if (withMonth && (current || monthToDate))
          group.appRefs.add(row.entityRef);
      }
    };
    // The current and previous periods and the month to date, day by day in
    // order. The two periods are next to each other (at most twice
    // MAX_COST_PERIOD_DAYS days); the month to date may lie far from them, so
    // its days before and after them are read on their own.
    const { usage } = this.options;
    const periodsFrom = previous.from < range.from ? previous.from : range.from;
    if (withMonth)
      usage.forEachDay(monthFirst, today, (day, dayRows) => {
        if (day < periodsFrom) visitDay(day, dayRows);
      });
    usage.forEachDay(periodsFrom, range.to, visitDay);
    if (withMonth)
      usage.forEachDay(monthFirst, today, (day, dayRows) => {
        if (day > range.to) visitDay(day, dayRows);
      });
  }

  /** Usage per app between two UTC days (inclusive), from a refreshed cache. */
  private totalsByApp(
    fromDay: string,
    toDay: string,
    visible: (entityRef: string) => boolean = () => true,
  ) {
    const totals = new Map<string, UsageSums>();
    this.options.usage.forEachDay(fromDay, toDay, (_day, rows) => {
      for (const row of rows) {
        if (!visible(row.entityRef)) continue;
        const sums = totals.get(row.entityRef);
        if (sums) addInto(sums, row);
        else totals.set(row.entityRef, pickSums(row));
      }
    });
    return totals;
  }
}

/**
 * The days of the period, up to today, whose total cost (all groups) is
 * anomalous ({@link anomalousDays}).
 */
function reportAnomalies(
  tallies: readonly GroupTally[],
  periodDays: readonly string[],
  today: string,
): string[] {
  const costOf = new Map<string, number>();
  for (const group of tallies) {
    group.dailyCost?.forEach((cost, index) => {
      const day = periodDays[index];
      costOf.set(day, (costOf.get(day) ?? 0) + cost);
    });
  }
  return anomalousDays(
    periodDays.filter(day => day <= today),
    costOf,
  );
}
