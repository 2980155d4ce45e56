import {
  compareCodeUnits,
  addDays,
  formatMicros,
  microsToUsd,
  daysBetween,
  EARLIEST_DAY,
  monthBounds,
} from '@trellis/plugin-microapps-common';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  AppCostDay,
  AppCosts,
  CostGroup,
  CostGroupBy,
  CostReport,
  UsageTotals,
} from '@trellis/plugin-microapps-common';
import type {
  DailyUsageRow,
  TelemetryStore,
  UsageSums,
} from '../TelemetryStore';
import type { AppVisibility } from '../../registry/AppReadAccess';
import type { GovernedApp } from '../../registry/governedApp';
import type { MarketplaceFigures } from '../../marketplace/MarketplaceIndex';
import type { DailyUsageCache } from './DailyUsageCache';

/** A period of whole UTC days, both ends included. */
export interface DayRange {
  from: string;
  to: string;
}

type AppLookup = (entityRef: string) => GovernedApp | undefined;

/** Groups shown one by one in the cost report's daily series; the rest are summed. */
const SERIES_GROUPS = 12;
/** Most groups a cost report lists; the rest are summed in `rest`. */
export const MAX_REPORT_GROUPS = 1_000;
const OTHER_KEY = '(other)';
/** The end of an empty previous period, as `previousRange` gives it. */
const DAY_BEFORE_WINDOW = '1999-12-31';
const UNREGISTERED = '(unregistered)';

const EMPTY_SUMS: UsageSums = {
  costMicros: 0,
  reportedCostMicros: 0,
  requests: 0,
  errors: 0,
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
};

function addSums(target: UsageSums, more: UsageSums): UsageSums {
  return addInto({ ...target }, more);
}

/** Adds `more` to `target` in place. */
function addInto(target: UsageSums, more: UsageSums): UsageSums {
  target.costMicros += more.costMicros;
  target.reportedCostMicros += more.reportedCostMicros;
  target.requests += more.requests;
  target.errors += more.errors;
  target.inputTokens += more.inputTokens;
  target.outputTokens += more.outputTokens;
  target.cachedInputTokens += more.cachedInputTokens;
  return target;
}

const pickSums = (row: UsageSums): UsageSums => ({
  costMicros: row.costMicros,
  reportedCostMicros: row.reportedCostMicros,
  requests: row.requests,
  errors: row.errors,
  inputTokens: row.inputTokens,
  outputTokens: row.outputTokens,
  cachedInputTokens: row.cachedInputTokens,
});

const totalsOf = (sums: UsageSums): UsageTotals => ({
  costUsd: microsToUsd(sums.costMicros),
  costMicros: sums.costMicros,
  requests: sums.requests,
  inputTokens: sums.inputTokens,
  outputTokens: sums.outputTokens,
  costPerRequestUsd:
    sums.requests > 0 ? microsToUsd(sums.costMicros) / sums.requests : 0,
});

/** Relative change in percent; null when there is nothing to compare with. */
const changePct = (current: number, previous: number): number | null =>
  previous > 0 ? ((current - previous) / previous) * 100 : null;

/**
 * The period of the same length that ends the day before `range.from`, cut
 * at the first day of the window (EARLIEST_DAY): shorter when it would reach
 * further back, and empty (from 2000-01-01 to 1999-12-31) for a period that
 * starts on that day.
 */
export const previousRange = (range: DayRange): DayRange => {
  if (range.from <= EARLIEST_DAY) {
    return { from: EARLIEST_DAY, to: DAY_BEFORE_WINDOW };
  }
  const length = Math.min(
    daysBetween(range.from, range.to),
    daysBetween(EARLIEST_DAY, range.from) - 1,
  );
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
};

const nameOf = (ref: string) => ref.slice(ref.indexOf('/') + 1);

/** The group an app's usage belongs to under each grouping. */
function groupOf(
  groupBy: Exclude<CostGroupBy, 'model'>,
  entityRef: string,
  app: GovernedApp | undefined,
) {
  if (groupBy === 'app') {
    return {
      key: entityRef,
      label: app
        ? app.entity.metadata.title ?? app.entity.metadata.name
        : `${nameOf(entityRef)} ${UNREGISTERED}`,
    };
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

type SeriesPoint = { date: string; key: string; costUsd: number };

/** Totals in micro-dollars: a typed array of doubles holds integers exactly up to 2^53. */

/** What the cost report adds up for one group. */
interface GroupTally {
  key: string;
  label: string;
  sums: UsageSums;
  previousCostMicros: number;
  monthToDateMicros: number;
  /** Apps with usage in the period or the month to date. */
  appRefs: Set<string>;
  /** Cost per day of the period, by the day's index; none if no usage. */
  dailyCost?: Float64Array;
}

/** What the groups past a cut list add up to. */
function restOf(rows: readonly CostGroup[]): NonNullable<CostReport['rest']> {
  const costMicros = rows.reduce((sum, row) => sum + row.costMicros, 0);
  return {
    groups: rows.length,
    costMicros,
    costUsd: microsToUsd(costMicros),
    requests: rows.reduce((sum, row) => sum + row.requests, 0),
  };
}

/**
 * Whether usage booked under an entity ref may be shown to a caller: a
 * registered app the caller may read, or, for a caller who may read every
 * app, also the usage of unregistered (shadow) apps. Answers are memoised:
 * a report asks for the same refs day after day.
 */
function visibleRefs(
  lookup: AppLookup,
  visibility: AppVisibility | undefined,
): (entityRef: string) => boolean {
  if (!visibility || visibility.everything) return () => true;
  const known = new Map<string, boolean>();
  return entityRef => {
    let answer = known.get(entityRef);
    if (answer === undefined) {
      const app = lookup(entityRef);
      answer = app !== undefined && visibility.canRead(app);
      known.set(entityRef, answer);
    }
    return answer;
  };
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
    },
  ) {}

  async appCosts(
    app: GovernedApp,
    range: DayRange,
    today: string,
  ): Promise<AppCosts> {
    const entityRef = app.entityRef.toLocaleLowerCase('en-US');
    const previous = previousRange(range);
    const month = today.slice(0, 7);
    const { first: monthStart, days: daysInMonth } = monthBounds(month);
    const paceFrom = addDays(today, -6);
    const readFrom = [previous.from, monthStart, paceFrom].sort()[0];
    const readTo = range.to > today ? range.to : today;
    const rows = await this.options.store.dailyUsage(readFrom, readTo, [
      entityRef,
    ]);

    let current = EMPTY_SUMS;
    let before = EMPTY_SUMS;
    let monthToDate = 0;
    let lastSevenDays = 0;
    const byModel = new Map<string, UsageSums>();
    const daily: AppCostDay[] = [];
    for (const row of rows) {
      if (row.day >= range.from && row.day <= range.to) {
        current = addSums(current, row);
        byModel.set(
          row.model,
          addSums(byModel.get(row.model) ?? EMPTY_SUMS, row),
        );
        daily.push({
          date: row.day,
          model: row.model,
          costUsd: microsToUsd(row.costMicros),
          costMicros: row.costMicros,
          inputTokens: row.inputTokens,
          outputTokens: row.outputTokens,
          cachedInputTokens: row.cachedInputTokens,
          requests: row.requests,
          errors: row.errors,
        });
      }
      if (row.day >= previous.from && row.day <= previous.to)
        before = addSums(before, row);
      if (row.day >= monthStart && row.day <= today)
        monthToDate += row.costMicros;
      if (row.day >= paceFrom && row.day <= today)
        lastSevenDays += row.costMicros;
    }
    const daysLeft = daysInMonth - Number(today.slice(8, 10));
    const forecastUsd = microsToUsd(
      monthToDate + Math.round((lastSevenDays / 7) * daysLeft),
    );
    const budgetUsd = app.entity.spec.limits?.monthlyBudgetUsd;
    return {
      entityRef: app.entityRef,
      from: range.from,
      to: range.to,
      totalUsd: microsToUsd(current.costMicros),
      totalMicros: current.costMicros,
      totals: totalsOf(current),
      budgetUsd,
      forecastUsd,
      month: {
        month,
        costUsd: microsToUsd(monthToDate),
        budgetUsd,
        forecastUsd,
      },
      previous: {
        ...previous,
        totalUsd: microsToUsd(before.costMicros),
        requests: before.requests,
      },
      changePct: changePct(current.costMicros, before.costMicros),
      daily,
      byModel: Array.from(byModel, ([model, sums]) => ({
        model,
        ...totalsOf(sums),
      })).sort((a, b) => b.costMicros - a.costMicros),
    };
  }

  async report(
    groupBy: CostGroupBy,
    range: DayRange,
    today: string,
    visibility?: AppVisibility,
    limit = MAX_REPORT_GROUPS,
  ): Promise<CostReport> {
    const { usage } = this.options;
    const [lookup] = await Promise.all([
      this.options.appLookup(),
      usage.refresh(),
    ]);
    const visible = visibleRefs(lookup, visibility);
    const previous = previousRange(range);
    const month = monthBounds(today.slice(0, 7));
    const withMonth = groupBy !== 'model';

    const groups = new Map<string, GroupTally>();
    const groupOfKey = new Map<string, GroupTally>();
    const groupFor = (rawKey: string) => {
      let group = groupOfKey.get(rawKey);
      if (group) return group;
      const { key, label } =
        groupBy === 'model'
          ? { key: rawKey, label: rawKey }
          : groupOf(groupBy, rawKey, lookup(rawKey));
      group = groups.get(key);
      if (!group) {
        group = {
          key,
          label,
          sums: { ...EMPTY_SUMS },
          previousCostMicros: 0,
          monthToDateMicros: 0,
          appRefs: new Set(),
        };
        groups.set(key, group);
      }
      groupOfKey.set(rawKey, group);
      return group;
    };

    // The current and previous periods and the month to date, day by day in
    // order. The two periods are next to each other (at most twice
    // MAX_COST_PERIOD_DAYS days); the month to date may lie far from them, so
    // its days before and after them are read on their own.
    const periodDays = Array.from(
      { length: daysBetween(range.from, range.to) },
      (_, index) => addDays(range.from, index),
    );
    const visitDay = (day: string, dayRows: readonly DailyUsageRow[]) => {
      const current = day >= range.from && day <= range.to;
      const before = day >= previous.from && day <= previous.to;
      const monthToDate = withMonth && day >= month.first && day <= today;
      if (!current && !before && !monthToDate) return;
      const dayIndex = current ? daysBetween(range.from, day) - 1 : -1;
      for (const row of dayRows) {
        if (!visible(row.entityRef)) continue;
        const group = groupFor(groupBy === 'model' ? row.model : row.entityRef);
        if (current) {
          addInto(group.sums, row);
          group.dailyCost ??= new Float64Array(periodDays.length);
          group.dailyCost[dayIndex] += row.costMicros;
        }
        if (before) group.previousCostMicros += row.costMicros;
        if (monthToDate) group.monthToDateMicros += row.costMicros;
        if (withMonth && (current || monthToDate))
          group.appRefs.add(row.entityRef);
      }
    };
    const periodsFrom = previous.from < range.from ? previous.from : range.from;
    if (withMonth)
      usage.forEachDay(month.first, today, (day, dayRows) => {
        if (day < periodsFrom) visitDay(day, dayRows);
      });
    usage.forEachDay(periodsFrom, range.to, visitDay);
    if (withMonth)
      usage.forEachDay(month.first, today, (day, dayRows) => {
        if (day > range.to) visitDay(day, dayRows);
      });

    const rows: CostGroup[] = Array.from(groups.values(), group => {
      const budgets = Array.from(
        group.appRefs,
        ref => lookup(ref)?.entity.spec.limits?.monthlyBudgetUsd,
      ).filter((budget): budget is number => budget !== undefined);
      return {
        key: group.key,
        label: group.label,
        ...totalsOf(group.sums),
        previousCostUsd: microsToUsd(group.previousCostMicros),
        changePct: changePct(group.sums.costMicros, group.previousCostMicros),
        apps: group.appRefs.size,
        budgetUsd: budgets.length
          ? budgets.reduce((a, b) => a + b, 0)
          : undefined,
        monthToDateUsd: withMonth
          ? microsToUsd(group.monthToDateMicros)
          : undefined,
      };
    }).sort(
      (a, b) => b.costMicros - a.costMicros || a.label.localeCompare(b.label),
    );

    // The largest groups day by day; the rest summed as `(other)`.
    const shown = new Set(rows.slice(0, SERIES_GROUPS).map(row => row.key));
    const series: SeriesPoint[] = [];
    const addPoints = (key: string, dailyCost: Float64Array) =>
      dailyCost.forEach((costMicros, index) => {
        if (costMicros !== 0)
          series.push({
            date: periodDays[index],
            key,
            costUsd: microsToUsd(costMicros),
          });
      });
    const otherCost = new Float64Array(periodDays.length);
    for (const group of groups.values()) {
      if (!group.dailyCost) continue;
      if (shown.has(group.key)) addPoints(group.key, group.dailyCost);
      else group.dailyCost.forEach((cost, index) => (otherCost[index] += cost));
    }
    addPoints(OTHER_KEY, otherCost);

    const totalMicros = rows.reduce((sum, row) => sum + row.costMicros, 0);
    const previousTotalMicros = Array.from(groups.values()).reduce(
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
      changePct: changePct(totalMicros, previousTotalMicros),
      groups: rows.slice(0, limit),
      totalGroups: rows.length,
      totalRequests: rows.reduce((sum, row) => sum + row.requests, 0),
      ...(rows.length > limit ? { rest: restOf(rows.slice(limit)) } : {}),
      series: series.sort(
        (a, b) =>
          compareCodeUnits(a.date, b.date) || compareCodeUnits(a.key, b.key),
      ),
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
    const rows = Array.from(this.totalsByApp(first, last))
      .filter(([entityRef]) => visible(entityRef))
      .map(([entityRef, sums]) => {
        const app = lookup(entityRef);
        return {
          costCenter: app?.entity.spec.costCenter ?? '(unattributed)',
          team: app?.owner ?? UNREGISTERED,
          entityRef,
          title: app
            ? app.entity.metadata.title ?? app.entity.metadata.name
            : `${nameOf(entityRef)} ${UNREGISTERED}`,
          sums,
        };
      })
      .sort(
        (a, b) =>
          a.costCenter.localeCompare(b.costCenter) ||
          a.team.localeCompare(b.team) ||
          a.entityRef.localeCompare(b.entityRef),
      );
    const lines = [
      [
        'month',
        'cost_center',
        'team',
        'app',
        'app_title',
        'requests',
        'input_tokens',
        'output_tokens',
        'cost_usd',
      ],
      ...rows.map(row => [
        month,
        row.costCenter,
        row.team,
        row.entityRef,
        row.title,
        String(row.sums.requests),
        String(row.sums.inputTokens),
        String(row.sums.outputTokens),
        formatMicros(row.sums.costMicros),
      ]),
    ];
    return lines
      .map(cells => cells.map(csvCell).join(','))
      .join('\r\n')
      .concat('\r\n');
  }

  async marketplaceFigures(
    today: string,
  ): Promise<Map<string, MarketplaceFigures>> {
    const { store } = this.options;
    const from = addDays(today, -29);
    const [users, violations] = await Promise.all([
      store.usersByApp(from, today),
      store.violationCountsByApp(new Date(`${from}T00:00:00Z`)),
    ]);
    const figures = new Map<string, MarketplaceFigures>();
    const figuresOf = (ref: string) => {
      let entry = figures.get(ref);
      if (!entry) {
        entry = {
          cost30dUsd: 0,
          requests30d: 0,
          costPerRequestUsd: 0,
          users30d: 0,
          violations30d: 0,
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
    for (const [ref, count] of violations) figuresOf(ref).violations30d = count;
    return figures;
  }

  /** Usage per app between two UTC days (inclusive), from a refreshed cache. */
  private totalsByApp(fromDay: string, toDay: string) {
    const totals = new Map<string, UsageSums>();
    this.options.usage.forEachDay(fromDay, toDay, (_day, rows) => {
      for (const row of rows) {
        const sums = totals.get(row.entityRef);
        if (sums) addInto(sums, row);
        else totals.set(row.entityRef, pickSums(row));
      }
    });
    return totals;
  }
}

/**
 * Quotes a CSV cell when needed, and defuses cells a spreadsheet would run
 * as a formula: only a wholly numeric cell (`-12.5`) may start with `-` or
 * `+`; any other cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return is prefixed with `'` (so `-1+cmd|'calc'!A1` is text).
 */
export function csvCell(value: string): string {
  const numeric = /^[+-]?\d+(\.\d+)?$/.test(value);
  const safe = !numeric && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
