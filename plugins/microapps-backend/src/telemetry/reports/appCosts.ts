import {
  addDays,
  type AppCostDay,
  type AppCosts,
  microsToUsd,
  monthBounds,
} from '@trellis/plugin-microapps-common';
import type { GovernedApp } from '../../registry/governedApp';
import type { DailyUsageRow, UsageSums } from '../TelemetryStore';
import { type DayRange, previousRange } from './dayRange';
import { addSums, changePct, EMPTY_SUMS, totalsOf } from './usageSums';

/**
 * The days one app's cost view covers: the period, the one before it, the
 * month to date, and the last seven days that set the forecast's pace.
 */
export interface AppCostDays {
  range: DayRange;
  previous: DayRange;
  today: string;
  month: string;
  monthStart: string;
  daysInMonth: number;
  paceFrom: string;
  /** The days to read to see them all. */
  readFrom: string;
  readTo: string;
}

/** What one app's daily rows add up to over the days of its cost view. */
interface AppCostTally {
  current: UsageSums;
  before: UsageSums;
  monthToDate: number;
  lastSevenDays: number;
  byModel: Map<string, UsageSums>;
  daily: AppCostDay[];
}

export function appCostDays(range: DayRange, today: string): AppCostDays {
  const previous = previousRange(range);
  const month = today.slice(0, 7);
  const { first: monthStart, days: daysInMonth } = monthBounds(month);
  const paceFrom = addDays(today, -6);
  return {
    range,
    previous,
    today,
    month,
    monthStart,
    daysInMonth,
    paceFrom,
    readFrom: [previous.from, monthStart, paceFrom].sort()[0],
    readTo: range.to > today ? range.to : today,
  };
}

export function tallyAppCosts(
  rows: readonly DailyUsageRow[],
  days: AppCostDays,
): AppCostTally {
  const { range, previous, today, monthStart, paceFrom } = days;
  const tally: AppCostTally = {
    current: EMPTY_SUMS,
    before: EMPTY_SUMS,
    monthToDate: 0,
    lastSevenDays: 0,
    byModel: new Map(),
    daily: [],
  };
  for (const row of rows) {
    if (row.day >= range.from && row.day <= range.to) {
      tally.current = addSums(tally.current, row);
      tally.byModel.set(
        row.model,
        addSums(tally.byModel.get(row.model) ?? EMPTY_SUMS, row),
      );
      tally.daily.push({
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
      tally.before = addSums(tally.before, row);
    if (row.day >= monthStart && row.day <= today)
      tally.monthToDate += row.costMicros;
    if (row.day >= paceFrom && row.day <= today)
      tally.lastSevenDays += row.costMicros;
  }
  return tally;
}

/** The app's cost view, with a month-end forecast at the last seven days' pace. */
export function appCostsOf(
  app: GovernedApp,
  days: AppCostDays,
  tally: AppCostTally,
): AppCosts {
  const { range, previous, month, today, daysInMonth } = days;
  const { current, before, monthToDate, lastSevenDays } = tally;
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
    daily: tally.daily,
    byModel: Array.from(tally.byModel, ([model, sums]) => ({
      model,
      ...totalsOf(sums),
    })).sort((a, b) => b.costMicros - a.costMicros),
  };
}
