import {
  type AppCostDay,
  type AppCosts,
  microsToUsd,
  type ModelCatalogEntry,
  monthBounds,
} from '@trellis/plugin-microapps-common';
import type { GovernedApp } from '../../registry/governedApp';
import {
  addLatencyInto,
  emptyLatency,
  type LatencyHistogram,
} from '../latencyHistogram';
import type { DailyUsageRow, UsageSums } from '../TelemetryStore';
import { countedBudgetUsd, isOverBudget } from './budgets';
import { type DayRange, previousRange } from './dayRange';
import { latencyFigures } from './latencyPercentiles';
import { modelOpsFigures } from './modelOps';
import { modelSwitchHint } from './modelSwitch';
import { anomalousDays, daysFromTo, monthForecast } from './runRate';
import { addSums, changePct, EMPTY_SUMS, totalsOf } from './usageSums';

/**
 * The days one app's cost view covers: the period, the one before it and
 * the month to date, whose days set the forecast's pace.
 */
export interface AppCostDays {
  range: DayRange;
  previous: DayRange;
  today: string;
  month: string;
  monthStart: string;
  daysInMonth: number;
  /** The days to read to see them all. */
  readFrom: string;
  readTo: string;
}

/** What one app's daily rows add up to over the days of its cost view. */
interface AppCostTally {
  current: UsageSums;
  before: UsageSums;
  monthToDate: number;
  /** Cost per day (all models) of the month to date and of the period. */
  costOfDay: Map<string, number>;
  byModel: Map<string, UsageSums>;
  /** The period's span durations, of all models and per model. */
  latency: LatencyHistogram;
  latencyByModel: Map<string, LatencyHistogram>;
  daily: AppCostDay[];
}

export function appCostDays(range: DayRange, today: string): AppCostDays {
  const previous = previousRange(range);
  const month = today.slice(0, 7);
  const { first: monthStart, days: daysInMonth } = monthBounds(month);
  return {
    range,
    previous,
    today,
    month,
    monthStart,
    daysInMonth,
    readFrom: [previous.from, monthStart].sort()[0],
    readTo: range.to > today ? range.to : today,
  };
}

export function tallyAppCosts(
  rows: readonly DailyUsageRow[],
  days: AppCostDays,
): AppCostTally {
  const { range, previous, today, monthStart } = days;
  const tally: AppCostTally = {
    current: EMPTY_SUMS,
    before: EMPTY_SUMS,
    monthToDate: 0,
    costOfDay: new Map(),
    byModel: new Map(),
    latency: emptyLatency(),
    latencyByModel: new Map(),
    daily: [],
  };
  for (const row of rows) {
    const inPeriod = row.day >= range.from && row.day <= range.to;
    const inMonth = row.day >= monthStart && row.day <= today;
    if (inPeriod || inMonth)
      tally.costOfDay.set(
        row.day,
        (tally.costOfDay.get(row.day) ?? 0) + row.costMicros,
      );
    if (inPeriod) {
      tally.current = addSums(tally.current, row);
      tally.byModel.set(
        row.model,
        addSums(tally.byModel.get(row.model) ?? EMPTY_SUMS, row),
      );
      addLatencyInto(tally.latency, row.latency);
      let modelLatency = tally.latencyByModel.get(row.model);
      if (!modelLatency) {
        modelLatency = emptyLatency();
        tally.latencyByModel.set(row.model, modelLatency);
      }
      addLatencyInto(modelLatency, row.latency);
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
    if (inMonth) tally.monthToDate += row.costMicros;
  }
  return tally;
}

/**
 * The app's cost view: the month to date against the budget with a month-end
 * forecast that resists spikes ({@link monthForecast}), the days of the
 * period that cost far more than usual, and no change figure for a period
 * that has not begun or has nothing before it to compare with.
 */
export function appCostsOf(
  app: GovernedApp,
  days: AppCostDays,
  tally: AppCostTally,
  models: readonly ModelCatalogEntry[] = [],
): AppCosts {
  const { range, previous, month, today, daysInMonth, monthStart } = days;
  const { current, before, monthToDate, costOfDay } = tally;
  const forecast = monthForecast({
    monthStart,
    today,
    daysInMonth,
    monthToDateMicros: monthToDate,
    costOf: costOfDay,
  });
  const forecastUsd = microsToUsd(forecast.forecastMicros);
  const declaredBudget = app.entity.spec.limits?.monthlyBudgetUsd;
  const budgetUsd = countedBudgetUsd(app);
  const shownTo = range.to < today ? range.to : today;
  return {
    entityRef: app.entityRef,
    from: range.from,
    to: range.to,
    totalUsd: microsToUsd(current.costMicros),
    totalMicros: current.costMicros,
    totals: totalsOf(current),
    latency: latencyFigures(tally.latency),
    budgetUsd: declaredBudget,
    forecastUsd,
    month: {
      month,
      costUsd: microsToUsd(monthToDate),
      budgetUsd: declaredBudget,
      forecastUsd,
      forecastLowUsd: microsToUsd(forecast.lowMicros),
      forecastHighUsd: microsToUsd(forecast.highMicros),
      medianDailyUsd: microsToUsd(forecast.medianDailyMicros),
      forecastBasisDays: forecast.basisDays,
      overBudget: isOverBudget(monthToDate, budgetUsd),
    },
    previous: {
      ...previous,
      totalUsd: microsToUsd(before.costMicros),
      requests: before.requests,
    },
    changePct:
      range.from > today
        ? null
        : changePct(current.costMicros, before.costMicros),
    daily: tally.daily,
    anomalousDays: anomalousDays(daysFromTo(range.from, shownTo), costOfDay),
    byModel: Array.from(tally.byModel, ([model, sums]) => ({
      model,
      ...totalsOf(sums),
      ...modelOpsFigures(model, sums, models),
      latency: latencyFigures(
        tally.latencyByModel.get(model) ?? emptyLatency(),
      ),
      ...switchHintOf(model, sums, models, range, today, daysInMonth),
    })).sort((a, b) => b.costMicros - a.costMicros),
  };
}

/** The cheaper-model hint of a model's period usage, scaled to a month. */
function switchHintOf(
  model: string,
  sums: UsageSums,
  models: readonly ModelCatalogEntry[],
  range: DayRange,
  today: string,
  daysInMonth: number,
) {
  const shownTo = range.to < today ? range.to : today;
  const days = daysFromTo(range.from, shownTo).length;
  if (days === 0) return {};
  const hint = modelSwitchHint(model, sums, models, daysInMonth / days);
  return hint ? { switchHint: hint } : {};
}
