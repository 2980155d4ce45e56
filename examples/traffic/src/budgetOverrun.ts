/*
 * Budgets: every app stays under its monthly budget by a margin, except one
 * production or canary app whose current month is raised until it is over.
 */
import type { AppProfile } from './appProfiles';
import { planDay } from './dailyTraffic';
import { clamp, dayStartMs, type PlanContext } from './planContext';
import type { TrafficPlan, TrafficPlanOptions } from './planTypes';
import { requestCostUsd } from './requestCost';

/**
 * Lowers the volume of the apps that would spend too much and raises this
 * month's volume of the budget app. Changes `profiles`; returns the overrun.
 */
export function planBudgets(
  options: TrafficPlanOptions,
  context: PlanContext,
  profiles: Map<string, AppProfile>,
): TrafficPlan['budgetOverrun'] {
  const budgetProfile = chooseBudgetProfile(options, context, profiles);
  keepUnderBudget(context, profiles, budgetProfile);
  if (!budgetProfile) return undefined;
  return pushOverBudget(
    context,
    budgetProfile,
    options.budgetOverrunFactor ?? 1.3,
  );
}

/** The requested budget app, or the one that needs the fewest requests to spend its budget. */
function chooseBudgetProfile(
  options: TrafficPlanOptions,
  context: PlanContext,
  profiles: Map<string, AppProfile>,
): AppProfile | undefined {
  if (options.budgetApp === false) return undefined;
  if (typeof options.budgetApp === 'string') {
    const budgetProfile = profiles.get(options.budgetApp);
    if (!budgetProfile?.app.monthlyBudgetUsd) {
      throw new Error(
        `The budget app ${options.budgetApp} is not an example micro-app with spec.limits.monthlyBudgetUsd`,
      );
    }
    return budgetProfile;
  }
  const { modelsById } = context;
  return [...profiles.values()]
    .filter(
      p =>
        p.manifest &&
        (p.app.lifecycle === 'production' || p.app.lifecycle === 'canary') &&
        (p.app.monthlyBudgetUsd ?? 0) > 0 &&
        p.models.every(m => modelsById.has(m.id)),
    )
    .map(p => ({
      p,
      requests:
        p.app.monthlyBudgetUsd! /
        Math.max(1e-9, expectedCostPerRequest(context, p)),
    }))
    .sort(
      (a, b) =>
        a.requests - b.requests || a.p.app.name.localeCompare(b.p.app.name),
    )[0]?.p;
}

/** Scales down every other app whose busiest month would cost over 60% of its budget. */
function keepUnderBudget(
  context: PlanContext,
  profiles: Map<string, AppProfile>,
  budgetProfile: AppProfile | undefined,
): void {
  for (const profile of profiles.values()) {
    const budget = profile.app.monthlyBudgetUsd;
    if (profile === budgetProfile || !budget || budget <= 0) continue;
    const peakDaily =
      profile.baseDaily *
      context.scale *
      (1 + Math.abs(profile.trendSlope) / 2) *
      1.25;
    const monthly = peakDaily * 31 * expectedCostPerRequest(context, profile);
    if (monthly > 0.6 * budget) profile.baseDaily *= (0.6 * budget) / monthly;
  }
}

/** Raises the app's current-month volume until its month-to-date cost reaches `factor` times its budget. */
function pushOverBudget(
  context: PlanContext,
  budgetProfile: AppProfile,
  factor: number,
): NonNullable<TrafficPlan['budgetOverrun']> {
  const budgetUsd = budgetProfile.app.monthlyBudgetUsd!;
  const target = budgetUsd * factor;
  let cost = monthToDateCost(context, budgetProfile);
  for (let i = 0; i < 40 && cost < target; i++) {
    const boost = cost > 0 ? clamp((target / cost) * 1.05, 1.05, 50) : 50;
    budgetProfile.currentMonthBoost = Number(
      (budgetProfile.currentMonthBoost * boost).toFixed(4),
    );
    cost = monthToDateCost(context, budgetProfile);
  }
  budgetProfile.app.roles.push('budget-overrun');
  return {
    app: budgetProfile.app.name,
    budgetUsd,
    monthToDateCostUsd: Number(cost.toFixed(2)),
  };
}

/** The app's planned cost this month so far, at catalog prices. */
function monthToDateCost(context: PlanContext, profile: AppProfile): number {
  const currentMonthDays = Array.from(
    { length: context.dayCount },
    (_, d) => d,
  ).filter(d => dayStartMs(context, d) >= context.currentMonthMs);
  return currentMonthDays.reduce(
    (sum, day) =>
      sum +
      planDay(context, profile, day).reduce(
        (s, r) => s + requestCostUsd(r, context.modelsById),
        0,
      ),
    0,
  );
}

/** Catalog cost of an average request, before noise. */
function expectedCostPerRequest(
  context: PlanContext,
  profile: AppProfile,
): number {
  return profile.models.reduce((sum, { id, weight }) => {
    const pricing = context.modelsById.get(id)?.pricing;
    if (!pricing) return sum;
    const input = profile.tokens.input * profile.inputScale;
    const output = profile.tokens.output * Math.sqrt(profile.inputScale);
    return (
      sum +
      (weight * (input * pricing.inputPer1M + output * pricing.outputPer1M)) /
        1_000_000
    );
  }, 0);
}
