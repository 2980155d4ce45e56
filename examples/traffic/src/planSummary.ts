import type { ExampleModel } from './exampleCatalog';
import { monthStartMs } from './planContext';
import type { PlannedViolation, TrafficPlan } from './planTypes';
import { requestCostUsd } from './requestCost';

/** What a plan will send for one app. */
export interface PlannedAppSummary {
  name: string;
  lifecycle: string;
  registered: boolean;
  requests: number;
  /** Spans: SERVER + `chat` CLIENT per request, plus guard spans. */
  spans: number;
  errors: number;
  /** Calls to a model the manifest does not declare. */
  undeclaredModelCalls: number;
  policyEvents: Partial<Record<PlannedViolation, number>>;
  costUsd: number;
  monthToDateCostUsd: number;
  monthlyBudgetUsd?: number;
  firstRequestAt?: Date;
  lastRequestAt?: Date;
  daysWithTraffic: number;
}

/** Walks a whole plan (one app and day at a time) and totals it; for tests and `--dry-run`. */
export function summarizePlan(
  plan: TrafficPlan,
  models: readonly ExampleModel[],
): PlannedAppSummary[] {
  const modelsById = new Map(models.map(m => [m.id, m]));
  const monthStart = monthStartMs(plan.now.getTime());
  return plan.apps.map(app => {
    const summary: PlannedAppSummary = {
      name: app.name,
      lifecycle: app.lifecycle,
      registered: app.registered,
      requests: 0,
      spans: 0,
      errors: 0,
      undeclaredModelCalls: 0,
      policyEvents: {},
      costUsd: 0,
      monthToDateCostUsd: 0,
      monthlyBudgetUsd: app.monthlyBudgetUsd,
      daysWithTraffic: 0,
    };
    for (let day = 0; day < plan.dayCount; day++) {
      const requests = plan.requestsFor(app, day);
      if (requests.length > 0) summary.daysWithTraffic++;
      for (const request of requests) {
        summary.requests++;
        summary.spans +=
          request.policy && request.policy.style !== 'trellis' ? 3 : 2;
        if (request.error) summary.errors++;
        if (app.registered && !app.declaredModels.includes(request.model))
          summary.undeclaredModelCalls++;
        if (request.policy) {
          summary.policyEvents[request.policy.violation] =
            (summary.policyEvents[request.policy.violation] ?? 0) + 1;
        }
        const cost = requestCostUsd(request, modelsById);
        summary.costUsd += cost;
        if (request.startMs >= monthStart) summary.monthToDateCostUsd += cost;
        if (
          !summary.firstRequestAt ||
          request.startMs < summary.firstRequestAt.getTime()
        ) {
          summary.firstRequestAt = new Date(request.startMs);
        }
        if (
          !summary.lastRequestAt ||
          request.startMs > summary.lastRequestAt.getTime()
        ) {
          summary.lastRequestAt = new Date(request.startMs);
        }
      }
    }
    return summary;
  });
}
