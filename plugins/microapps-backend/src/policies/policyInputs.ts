import {
  type BadgeDetail,
  type ModelCatalogEntry,
  resolveModel,
  type ViolationType,
} from '@trellis/plugin-microapps-common';
import { badgeDetails } from '../governance/appGovernance';
import type { ApprovalRecord } from '../governance/GovernanceStore';
import type { GovernedApp } from '../registry/governedApp';
import type { TelemetryStore } from '../telemetry/TelemetryStore';
import { type PolicyInput, violationCounts } from './policyInput';

const DAY_MS = 86_400_000;
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** Where the input of a policy comes from. */
export interface PolicyInputSources {
  telemetry: Pick<TelemetryStore, 'violationSeries' | 'dailyUsage'>;
  approvals: (entityRef: string) => Promise<ApprovalRecord[]>;
  killSwitchOn: (entityRef: string) => Promise<boolean>;
  /** Since when the app's manifest has had its current digest (the registry's record). */
  digestSince: (entityRef: string) => Promise<Date | undefined>;
  models: readonly ModelCatalogEntry[];
  now?: () => Date;
}

/**
 * Which sources an input needs, from the fields the policies read: the
 * engine evaluates on ingest, so it reads only what a condition can see.
 * Fields of a source that is not read are 0 or empty.
 */
export interface InputNeeds {
  violations: boolean;
  usage: boolean;
  approvals: boolean;
  killSwitch: boolean;
}

/** Every source: what the test bench and a condition reading everything use. */
export const ALL_INPUT_NEEDS: InputNeeds = {
  violations: true,
  usage: true,
  approvals: true,
  killSwitch: true,
};

const USAGE_FIELDS = [
  'window.requests',
  'window.errors',
  'window.errorRate',
  'window.costMonthToDateUsd',
  'window.budgetUsedPct',
];

/** The sources the given input fields (a policy's `references`) come from. */
export function inputNeedsOf(references: readonly string[]): InputNeeds {
  const reads = (prefix: string) =>
    references.some(
      ref =>
        ref === prefix ||
        ref.startsWith(`${prefix}[`) ||
        ref.startsWith(`${prefix}.`),
    );
  return {
    violations: reads('window.violations'),
    usage: USAGE_FIELDS.some(reads),
    approvals: reads('app.badges') || reads('window.staleApprovalDays'),
    killSwitch: reads('app.killSwitch'),
  };
}

/** Builds the input of one app for a window of `windowSeconds`. */
export type PolicyInputBuilder = (
  app: GovernedApp,
  windowSeconds: number,
  needs?: InputNeeds,
) => Promise<PolicyInput>;

export function createPolicyInputBuilder(
  sources: PolicyInputSources,
): PolicyInputBuilder {
  return async (app, windowSeconds, needs = ALL_INPUT_NEEDS) => {
    const now = sources.now?.() ?? new Date();
    const ref = app.entityRef.toLocaleLowerCase('en-US');
    const from = new Date(now.getTime() - windowSeconds * 1000);
    const today = utcDay(now);
    const monthStart = `${today.slice(0, 8)}01`;
    const windowStartDay = utcDay(from);
    const [series, usage, approvals, killSwitch, digestSince] =
      await Promise.all([
        needs.violations
          ? sources.telemetry.violationSeries({ entityRefs: [ref], from })
          : [],
        needs.usage
          ? sources.telemetry.dailyUsage(
              windowStartDay < monthStart ? windowStartDay : monthStart,
              today,
              [ref],
            )
          : [],
        needs.approvals ? sources.approvals(app.entityRef) : [],
        needs.killSwitch ? sources.killSwitchOn(app.entityRef) : false,
        needs.approvals ? sources.digestSince(app.entityRef) : undefined,
      ]);

    const counted: Partial<Record<ViolationType, number>> = {};
    for (const { type, count } of series) {
      counted[type] = (counted[type] ?? 0) + count;
    }
    let requests = 0;
    let errors = 0;
    let costMicros = 0;
    for (const row of usage) {
      // Requests and errors come from daily rollups: every UTC day the window touches.
      if (row.day >= windowStartDay) {
        requests += row.requests;
        errors += row.errors;
      }
      if (row.day >= monthStart) costMicros += row.costMicros;
    }
    const budget = app.entity.spec.limits?.monthlyBudgetUsd ?? 0;
    const cost = costMicros / 1_000_000;
    const badges = badgeDetails(app, approvals, now);
    return {
      app: appInput(app, badges, killSwitch, sources.models),
      window: {
        durationSeconds: windowSeconds,
        violations: violationCounts(counted),
        requests,
        errors,
        errorRate: requests > 0 ? errors / requests : 0,
        costMonthToDateUsd: cost,
        budgetUsedPct: budget > 0 ? (cost / budget) * 100 : 0,
        staleApprovalDays: staleApprovalDays(
          approvals.filter(
            a => badges.find(b => b.badge === a.badge)?.state === 'stale',
          ),
          digestSince,
          now,
        ),
      },
    };
  };
}

/** The `app` part of the input: the manifest and its governance now. */
function appInput(
  app: GovernedApp,
  badges: readonly BadgeDetail[],
  killSwitch: boolean,
  models: readonly ModelCatalogEntry[],
): PolicyInput['app'] {
  return {
    ...manifestInput(app, models),
    badges: Object.fromEntries(badges.map(b => [b.badge, b.state])),
    killSwitch,
  };
}

/**
 * The fields of the `app` input that come from the manifest and the model
 * catalog alone (no database read): all but `badges` and `killSwitch`.
 */
export function manifestInput(
  app: GovernedApp,
  models: readonly ModelCatalogEntry[],
): Omit<PolicyInput['app'], 'badges' | 'killSwitch'> {
  const { spec, metadata } = app.entity;
  return {
    ref: app.entityRef,
    name: metadata.name,
    namespace: metadata.namespace ?? 'default',
    owner: app.owner,
    lifecycle: spec.lifecycle,
    type: spec.type,
    tier: app.risk.tier,
    score: app.risk.score,
    reach: spec.reach,
    dataClasses: [...(spec.data?.classifications ?? [])],
    pii: spec.data?.pii ?? 'none',
    models: [...spec.models],
    prohibitedModels: [...app.prohibitedModels],
    unvettedModels: spec.models.filter(
      id => resolveModel(id, models).hosting === 'unvetted',
    ),
    monthlyBudgetUsd: spec.limits?.monthlyBudgetUsd ?? 0,
  };
}

/**
 * Whole days the longest-stale approval has been stale: since the manifest
 * got its current digest, or since the grant if that came later (a grant
 * made stale by separation of duties).
 */
function staleApprovalDays(
  stale: readonly ApprovalRecord[],
  digestSince: Date | undefined,
  now: Date,
): number {
  let days = 0;
  for (const approval of stale) {
    const granted = Date.parse(approval.grantedAt);
    const since = Math.max(granted, digestSince?.getTime() ?? granted);
    days = Math.max(days, Math.floor((now.getTime() - since) / DAY_MS));
  }
  return days;
}
