import { parseEntityRef } from '@backstage/catalog-model';
import type {
  AppCostDay,
  AppCosts,
  CostGroup,
  CostGroupBy,
  CostReport,
  UsageTotals,
} from '@trellis/plugin-microapps-common';
import type { TelemetryStore, UsageSums } from '../../database/TelemetryStore';
import type { GovernedApp } from '../Governance/appGovernance';
import { addDays, daysBetween, monthBounds } from './utcDays';

/** A period of whole UTC days, both ends included. */
export interface DayRange {
  from: string;
  to: string;
}

/** Usage figures the marketplace shows per app. */
export interface MarketplaceFigures {
  cost30dUsd: number;
  requests30d: number;
  costPerRequestUsd: number;
  users30d: number;
  violations30d: number;
}

type AppLookup = (entityRef: string) => GovernedApp | undefined;

/** Groups shown one by one in the cost report's daily series; the rest are summed. */
const SERIES_GROUPS = 12;
const OTHER_KEY = '(other)';
const UNREGISTERED = '(unregistered)';

const EMPTY_SUMS: UsageSums = {
  costUsd: 0,
  requests: 0,
  errors: 0,
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
};

function addSums(target: UsageSums, more: UsageSums): UsageSums {
  return {
    costUsd: target.costUsd + more.costUsd,
    requests: target.requests + more.requests,
    errors: target.errors + more.errors,
    inputTokens: target.inputTokens + more.inputTokens,
    outputTokens: target.outputTokens + more.outputTokens,
    cachedInputTokens: target.cachedInputTokens + more.cachedInputTokens,
  };
}

const totalsOf = (sums: UsageSums): UsageTotals => ({
  costUsd: sums.costUsd,
  requests: sums.requests,
  inputTokens: sums.inputTokens,
  outputTokens: sums.outputTokens,
  costPerRequestUsd: sums.requests > 0 ? sums.costUsd / sums.requests : 0,
});

/** Relative change in percent; null when there is nothing to compare with. */
const changePct = (current: number, previous: number): number | null =>
  previous > 0 ? ((current - previous) / previous) * 100 : null;

/** The period of the same length that ends the day before `range.from`. */
export const previousRange = (range: DayRange): DayRange => {
  const length = daysBetween(range.from, range.to);
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

/** Sums daily cost points into the series key each belongs to. */
function foldSeries(
  points: Array<{ day: string; key: string; costUsd: number }>,
  seriesKey: (point: { day: string; key: string }) => string,
): SeriesPoint[] {
  const series = new Map<string, SeriesPoint>();
  for (const point of points) {
    const key = seriesKey(point);
    const id = `${point.day}\u0000${key}`;
    const entry = series.get(id) ?? { date: point.day, key, costUsd: 0 };
    entry.costUsd += point.costUsd;
    series.set(id, entry);
  }
  return Array.from(series.values());
}

/**
 * Cost and usage views over the daily rollups: per app, grouped for finance,
 * the monthly chargeback statement, and the marketplace's 30-day figures.
 */
export class CostReports {
  constructor(
    private readonly options: {
      store: TelemetryStore;
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
          costUsd: row.costUsd,
          inputTokens: row.inputTokens,
          outputTokens: row.outputTokens,
          cachedInputTokens: row.cachedInputTokens,
          requests: row.requests,
          errors: row.errors,
        });
      }
      if (row.day >= previous.from && row.day <= previous.to)
        before = addSums(before, row);
      if (row.day >= monthStart && row.day <= today) monthToDate += row.costUsd;
      if (row.day >= paceFrom && row.day <= today) lastSevenDays += row.costUsd;
    }
    const daysLeft = daysInMonth - Number(today.slice(8, 10));
    const forecastUsd = monthToDate + (lastSevenDays / 7) * daysLeft;
    const budgetUsd = app.entity.spec.limits?.monthlyBudgetUsd;
    return {
      entityRef: app.entityRef,
      from: range.from,
      to: range.to,
      totalUsd: current.costUsd,
      totals: totalsOf(current),
      budgetUsd,
      forecastUsd,
      month: { month, costUsd: monthToDate, budgetUsd, forecastUsd },
      previous: {
        ...previous,
        totalUsd: before.costUsd,
        requests: before.requests,
      },
      changePct: changePct(current.costUsd, before.costUsd),
      daily,
      byModel: Array.from(byModel, ([model, sums]) => ({
        model,
        ...totalsOf(sums),
      })).sort((a, b) => b.costUsd - a.costUsd),
    };
  }

  async report(
    groupBy: CostGroupBy,
    range: DayRange,
    today: string,
  ): Promise<CostReport> {
    const { store } = this.options;
    const lookup = await this.options.appLookup();
    const previous = previousRange(range);
    const dimension = groupBy === 'model' ? 'model' : 'entity_ref';
    const month = monthBounds(today.slice(0, 7));
    const [current, before, monthToDate, dailyCost] = await Promise.all([
      store.usageTotals(dimension, range.from, range.to),
      store.usageTotals(dimension, previous.from, previous.to),
      groupBy === 'model'
        ? undefined
        : store.usageTotals(dimension, month.first, today),
      // By app, the series shows a dozen of possibly thousands of apps: the
      // days × models points give each day's total; the shown apps are read below.
      store.dailyCost(
        groupBy === 'app' ? 'model' : dimension,
        range.from,
        range.to,
      ),
    ]);

    const groups = new Map<
      string,
      CostGroup & { sums: UsageSums; appRefs: Set<string> }
    >();
    const keyOf = new Map<string, string>();
    const groupFor = (rawKey: string) => {
      const { key, label } =
        groupBy === 'model'
          ? { key: rawKey, label: rawKey }
          : groupOf(groupBy, rawKey, lookup(rawKey));
      keyOf.set(rawKey, key);
      let group = groups.get(key);
      if (!group) {
        group = {
          key,
          label,
          ...totalsOf(EMPTY_SUMS),
          previousCostUsd: 0,
          changePct: null,
          apps: 0,
          sums: EMPTY_SUMS,
          appRefs: new Set(),
        };
        groups.set(key, group);
      }
      return group;
    };
    for (const [rawKey, sums] of current) {
      const group = groupFor(rawKey);
      group.sums = addSums(group.sums, sums);
      if (groupBy !== 'model') group.appRefs.add(rawKey);
    }
    for (const [rawKey, sums] of before)
      groupFor(rawKey).previousCostUsd += sums.costUsd;
    if (monthToDate) {
      for (const [rawKey, sums] of monthToDate) {
        const group = groupFor(rawKey);
        group.monthToDateUsd = (group.monthToDateUsd ?? 0) + sums.costUsd;
        group.appRefs.add(rawKey);
      }
    }

    const rows: CostGroup[] = Array.from(
      groups.values(),
      ({ sums, appRefs, ...group }) => {
        const budgets = Array.from(
          appRefs,
          ref => lookup(ref)?.entity.spec.limits?.monthlyBudgetUsd,
        ).filter((budget): budget is number => budget !== undefined);
        return {
          ...group,
          ...totalsOf(sums),
          changePct: changePct(sums.costUsd, group.previousCostUsd),
          apps: appRefs.size,
          budgetUsd: budgets.length
            ? budgets.reduce((a, b) => a + b, 0)
            : undefined,
          monthToDateUsd:
            groupBy === 'model' ? undefined : group.monthToDateUsd ?? 0,
        };
      },
    ).sort((a, b) => b.costUsd - a.costUsd || a.label.localeCompare(b.label));

    const shown = new Set(rows.slice(0, SERIES_GROUPS).map(row => row.key));
    const series =
      groupBy === 'app'
        ? await this.appSeries(range, dailyCost, shown)
        : foldSeries(dailyCost, point => {
            const groupKey = keyOf.get(point.key) ?? point.key;
            return shown.has(groupKey) ? groupKey : OTHER_KEY;
          });

    const totalUsd = rows.reduce((sum, row) => sum + row.costUsd, 0);
    const previousTotalUsd = rows.reduce(
      (sum, row) => sum + row.previousCostUsd,
      0,
    );
    return {
      groupBy,
      from: range.from,
      to: range.to,
      previousFrom: previous.from,
      previousTo: previous.to,
      totalUsd,
      previousTotalUsd,
      changePct: changePct(totalUsd, previousTotalUsd),
      groups: rows,
      series: series.sort(
        (a, b) => a.date.localeCompare(b.date) || a.key.localeCompare(b.key),
      ),
    };
  }

  /**
   * The series by app: the shown apps' own days, and the rest of each day's
   * total (from the per-model points) as `(other)`, so that the points read
   * do not grow with the number of apps.
   */
  private async appSeries(
    range: DayRange,
    byModel: Array<{ day: string; key: string; costUsd: number }>,
    shownApps: ReadonlySet<string>,
  ): Promise<SeriesPoint[]> {
    const shownDays = shownApps.size
      ? await this.options.store.dailyUsage(range.from, range.to, [
          ...shownApps,
        ])
      : [];
    const rest = new Map<string, number>();
    for (const point of byModel)
      rest.set(point.day, (rest.get(point.day) ?? 0) + point.costUsd);
    const totals = new Map(rest);
    const points = shownDays.map(row => {
      rest.set(row.day, (rest.get(row.day) ?? 0) - row.costUsd);
      return { day: row.day, key: row.entityRef, costUsd: row.costUsd };
    });
    for (const [day, costUsd] of rest) {
      // Nothing left but floating-point rounding: no other app that day.
      if (costUsd > (totals.get(day) ?? 0) * 1e-12)
        points.push({ day, key: OTHER_KEY, costUsd });
    }
    return foldSeries(points, point => point.key);
  }

  /**
   * The month's statement, one row per cost center and app, as CSV (RFC 4180,
   * CRLF line ends) that spreadsheets open as it is.
   */
  async chargebackCsv(month: string): Promise<string> {
    const lookup = await this.options.appLookup();
    const { first, last } = monthBounds(month);
    const usage = await this.options.store.usageTotals(
      'entity_ref',
      first,
      last,
    );
    const rows = Array.from(usage, ([entityRef, sums]) => {
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
    }).sort(
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
        row.sums.costUsd.toFixed(2),
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
    const [usage, users, violations] = await Promise.all([
      store.usageTotals('entity_ref', from, today),
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
    for (const [ref, sums] of usage) {
      Object.assign(figuresOf(ref), {
        cost30dUsd: sums.costUsd,
        requests30d: sums.requests,
        costPerRequestUsd: sums.requests > 0 ? sums.costUsd / sums.requests : 0,
      });
    }
    for (const [ref, count] of users) figuresOf(ref).users30d = count;
    for (const [ref, count] of violations) figuresOf(ref).violations30d = count;
    return figures;
  }
}

/** Quotes a CSV cell when needed, and defuses cells a spreadsheet would run as a formula. */
export function csvCell(value: string): string {
  const safe =
    /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
