import { planAppProfiles } from './appProfiles';
import { planBudgets } from './budgetOverrun';
import { planDay } from './dailyTraffic';
import { createPlanContext, dayStartMs } from './planContext';
import type { TrafficPlan, TrafficPlanOptions } from './planTypes';

export { DAY_MS } from './planContext';
export { summarizePlan, type PlannedAppSummary } from './planSummary';
export type {
  PlannedApp,
  PlannedAppRole,
  PlannedPolicyEvent,
  PlannedRequest,
  PlannedViolation,
  PolicyEventStyle,
  TrafficPlan,
  TrafficPlanOptions,
} from './planTypes';
export { requestCostUsd } from './requestCost';
export { SHADOW_APP_NAME } from './shadowApp';

/**
 * Plans backdated traffic for the example micro-apps and one shadow app.
 * Pure and deterministic: the same options give the same requests.
 *
 * Rules: every app that is not a draft has traffic on every day it is
 * active, at least one request a day; production, canary and sandbox apps are
 * active over the whole window; decommissioned apps stop between a third and
 * a half of the way through it (and before the current month); drafts only
 * appear in the last two or three weeks, on some days.
 */
export function planTraffic(options: TrafficPlanOptions): TrafficPlan {
  const context = createPlanContext(options);
  const profiles = planAppProfiles(options, context);
  const budgetOverrun = planBudgets(options, context, profiles);
  const { dayCount } = context;
  return {
    seed: context.seed,
    scale: context.scale,
    from: new Date(context.fromMs),
    now: new Date(context.nowMs),
    dayCount,
    apps: [...profiles.values()].map(p => p.app),
    budgetOverrun,
    dayStartMs: day => dayStartMs(context, day),
    requestsFor(app, day) {
      const profile = profiles.get(app.name);
      if (!profile || day < 0 || day >= dayCount) return [];
      return planDay(context, profile, day);
    },
  };
}
