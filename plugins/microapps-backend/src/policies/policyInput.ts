import { Environment } from '@marcbachmann/cel-js';
import {
  VIOLATION_TYPES,
  type ViolationType,
} from '@trellis/plugin-microapps-common';

/**
 * What a policy's `when` sees: one app and its telemetry over the policy's
 * window. docs/POLICIES.md documents every field; the CEL declaration below
 * types them, so that `when` is type-checked when a pack is loaded.
 */
export interface PolicyInput {
  app: {
    /** `microapp:<namespace>/<name>`. */
    ref: string;
    name: string;
    namespace: string;
    /** The owning group, `group:<namespace>/<name>`. */
    owner: string;
    lifecycle: string;
    type: string;
    /** Risk tier: low, medium or high. */
    tier: string;
    /** Risk score, 0–100. */
    score: number;
    reach: string;
    /** `data.classifications`. */
    dataClasses: string[];
    /** `data.pii`: none, masked or raw. */
    pii: string;
    models: string[];
    /** Declared models the model catalog prohibits. */
    prohibitedModels: string[];
    /** Declared models the catalog does not list or hosts unvetted. */
    unvettedModels: string[];
    /** Every badge → its state (granted, pending, stale, expired, revoked). */
    badges: Record<string, string>;
    killSwitch: boolean;
    /** `limits.monthlyBudgetUsd`, 0 when none. */
    monthlyBudgetUsd: number;
  };
  window: {
    durationSeconds: number;
    /** Every violation type → its count over the window (0 when none). */
    violations: Record<ViolationType, number>;
    requests: number;
    errors: number;
    /** errors / requests, 0 without requests. */
    errorRate: number;
    /** The app's cost this UTC month, in USD. */
    costMonthToDateUsd: number;
    /** costMonthToDateUsd as a percentage of the budget, 0 without one. */
    budgetUsedPct: number;
    /** Days the longest-stale approval has been stale, 0 if none is. */
    staleApprovalDays: number;
  };
}

/** The CEL type of each field; `int` fields are passed to CEL as bigints. */
export const APP_SCHEMA = {
  ref: 'string',
  name: 'string',
  namespace: 'string',
  owner: 'string',
  lifecycle: 'string',
  type: 'string',
  tier: 'string',
  score: 'int',
  reach: 'string',
  dataClasses: 'list<string>',
  pii: 'string',
  models: 'list<string>',
  prohibitedModels: 'list<string>',
  unvettedModels: 'list<string>',
  badges: 'map<string, string>',
  killSwitch: 'bool',
  monthlyBudgetUsd: 'double',
} as const satisfies Record<keyof PolicyInput['app'], string>;

export const WINDOW_SCHEMA = {
  durationSeconds: 'int',
  violations: 'map<string, int>',
  requests: 'int',
  errors: 'int',
  errorRate: 'double',
  costMonthToDateUsd: 'double',
  budgetUsedPct: 'double',
  staleApprovalDays: 'int',
} as const satisfies Record<keyof PolicyInput['window'], string>;

/**
 * Bounds on what a policy may make the evaluator do: expressions are short
 * (4,000 characters) and these keep a hostile one from nesting deep or
 * growing large lists.
 */
export const CEL_LIMITS = {
  maxAstNodes: 1_000,
  maxDepth: 32,
  maxListElements: 100,
  maxMapEntries: 100,
  maxCallArguments: 16,
};

/** The CEL environment policies are checked and evaluated in. */
export function policyEnvironment(): Environment {
  return new Environment({ limits: CEL_LIMITS })
    .registerVariable({
      name: 'app',
      schema: APP_SCHEMA,
      description: 'The app: manifest and governance fields',
    })
    .registerVariable({
      name: 'window',
      schema: WINDOW_SCHEMA,
      description: "The app's telemetry over the policy's window",
    });
}

/** Violation counts with every type present, 0 where none were counted. */
export function violationCounts(
  counted: Partial<Record<ViolationType, number>>,
): Record<ViolationType, number> {
  return Object.fromEntries(
    VIOLATION_TYPES.map(type => [type, counted[type] ?? 0]),
  ) as Record<ViolationType, number>;
}

/** A value of the input as CEL takes it: `int` fields as bigints. */
function celValue(value: unknown, type: string): unknown {
  if (type === 'int') return BigInt(Math.trunc(value as number));
  if (type === 'map<string, int>') {
    return Object.fromEntries(
      Object.entries(value as Record<string, number>).map(([key, count]) => [
        key,
        BigInt(Math.trunc(count)),
      ]),
    );
  }
  return value;
}

/** The input as CEL takes it. */
export function celContext(input: PolicyInput) {
  return {
    app: celFields(input.app, APP_SCHEMA),
    window: celFields(input.window, WINDOW_SCHEMA),
  };
}

/** Some fields of `app` (and no `window`) as CEL takes them. */
export function celAppContext(app: Partial<PolicyInput['app']>) {
  return { app: celFields(app, APP_SCHEMA) };
}

function celFields(
  values: Record<string, unknown>,
  schema: Record<string, string>,
) {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      celValue(value, schema[key]),
    ]),
  );
}
