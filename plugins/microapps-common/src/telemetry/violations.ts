import type { ViolationType } from './attributes';

/** How serious a policy violation is. @public */
export const VIOLATION_SEVERITIES = ['low', 'medium', 'high'] as const;
/** @public */
export type ViolationSeverity = (typeof VIOLATION_SEVERITIES)[number];

/** What a policy engine did about a violation it reported (`trellis.policy.decision`). @public */
export const POLICY_DECISIONS = ['allow', 'deny', 'redact', 'warn'] as const;
/** @public */
export type PolicyDecision = (typeof POLICY_DECISIONS)[number];

/**
 * The severity of each violation type, unless a span says otherwise with
 * `trellis.policy.severity`.
 *
 * @public
 */
export const DEFAULT_VIOLATION_SEVERITY: Record<
  ViolationType,
  ViolationSeverity
> = {
  pii_detected: 'medium',
  pii_unmasked: 'high',
  prompt_injection: 'high',
  unapproved_model: 'high',
  undeclared_model: 'medium',
  prohibited_model: 'high',
  quota_exceeded: 'low',
  budget_exceeded: 'medium',
  egress_blocked: 'medium',
  unregistered_app: 'medium',
  cost_mismatch: 'medium',
  killed_app_active: 'high',
  other: 'low',
};

/**
 * Violation types Trellis derives itself by comparing traces with the
 * manifest and the model catalog (besides `pii_unmasked`, which it derives
 * from prompt content on a span of an app that declares no raw PII).
 *
 * @public
 */
export const DERIVED_VIOLATION_TYPES = [
  'unapproved_model',
  'undeclared_model',
  'prohibited_model',
  'budget_exceeded',
  'unregistered_app',
  'cost_mismatch',
  'killed_app_active',
] as const satisfies readonly ViolationType[];
