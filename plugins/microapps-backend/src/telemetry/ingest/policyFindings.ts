import {
  POLICY_DECISIONS,
  type PolicyDecision,
  TelemetryAttributes as A,
  VIOLATION_SEVERITIES,
  VIOLATION_TYPES,
  type ViolationSeverity,
  type ViolationType,
  storableText,
} from '@trellis/plugin-microapps-common';
import type { AttributeValue, Attributes } from '../receiver/decodeOtlp';

/** A violation a micro-app's own policy engine or guardrail reported on a span or span event. */
export interface PolicyFinding {
  type: ViolationType;
  rule?: string;
  decision?: PolicyDecision;
  severity?: ViolationSeverity;
  detail?: string;
}

const MAX_TEXT = 200;

/**
 * Attribute text as Trellis stores it: trimmed, at most 200 characters,
 * `storableText`.
 */
export const text = (value: AttributeValue | undefined): string | undefined =>
  typeof value === 'string' && value.trim()
    ? storableText(value.trim().slice(0, MAX_TEXT))
    : undefined;

/**
 * Reads the policy findings in one attribute set, in the three conventions
 * docs/CONVENTIONS.md names: Trellis' own `trellis.policy.*`, the GenAI guardrail
 * attributes `gen_ai.guardrail.*` and OpenLIT's `guard.*`.
 */
export function policyFindings(attributes: Attributes): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const trellis = trellisPolicyFinding(attributes);
  if (trellis) findings.push(trellis);
  const guardrail = genAiGuardrailFinding(attributes);
  if (guardrail) findings.push(guardrail);
  const openLit = openLitGuardFinding(attributes);
  if (openLit) findings.push(openLit);
  return findings;
}

function trellisPolicyFinding(
  attributes: Attributes,
): PolicyFinding | undefined {
  const decisionText = text(attributes.get(A.policyDecision))?.toLowerCase();
  const violationText = text(attributes.get(A.policyViolation));
  if (!decisionText && !violationText) return undefined;
  const decision = POLICY_DECISIONS.find(d => d === decisionText);
  // An allowed call without a violation type is the policy engine saying "fine".
  if (!violationText && (decision === 'allow' || !decision)) return undefined;
  const severityText = text(attributes.get(A.policySeverity))?.toLowerCase();
  const known = VIOLATION_TYPES.find(t => t === violationText);
  return {
    type: known ?? 'other',
    rule: text(attributes.get(A.policyRule)),
    decision,
    severity: VIOLATION_SEVERITIES.find(s => s === severityText),
    detail:
      violationText && !known
        ? `reported violation type "${violationText}"`
        : undefined,
  };
}

const TRIGGERED_ACTIONS: Record<string, PolicyDecision> = {
  deny: 'deny',
  denied: 'deny',
  block: 'deny',
  blocked: 'deny',
  intervened: 'deny',
  redact: 'redact',
  redacted: 'redact',
  mask: 'redact',
  masked: 'redact',
  warn: 'warn',
  flag: 'warn',
  flagged: 'warn',
};

function genAiGuardrailFinding(
  attributes: Attributes,
): PolicyFinding | undefined {
  const status = text(attributes.get('gen_ai.guardrail.status'))?.toLowerCase();
  const action = text(
    attributes.get('gen_ai.guardrail.decision') ??
      attributes.get('gen_ai.guardrail.action'),
  )?.toLowerCase();
  const decision = action ? TRIGGERED_ACTIONS[action] : undefined;
  if (status !== 'failed' && !decision) return undefined;
  const name = text(attributes.get('gen_ai.guardrail.name'));
  const category =
    text(attributes.get('gen_ai.guardrail.type')) ??
    text(attributes.get('gen_ai.guardrail.category')) ??
    name;
  return {
    type: classifyGuardrail(category),
    rule: name ?? category,
    decision,
  };
}

const TRUE_VERDICTS = new Set([
  'yes',
  'true',
  'fail',
  'failed',
  'block',
  'blocked',
  'unsafe',
]);

function openLitGuardFinding(
  attributes: Attributes,
): PolicyFinding | undefined {
  const verdict = attributes.get('guard.verdict');
  const triggered =
    verdict === true ||
    TRUE_VERDICTS.has(String(text(verdict) ?? '').toLowerCase());
  if (!triggered) return undefined;
  const category =
    text(attributes.get('guard.classification')) ??
    text(attributes.get('guard.category'));
  const score = attributes.get('guard.score');
  return {
    type: classifyGuardrail(category),
    rule: text(attributes.get('guard.validator')) ?? category,
    // guard.explanation may quote the prompt, so only the score is kept.
    detail: typeof score === 'number' ? `guard score ${score}` : undefined,
  };
}

/** Maps a guardrail's name or category onto a Trellis violation type. */
export function classifyGuardrail(category: string | undefined): ViolationType {
  const value = (category ?? '').toLowerCase();
  if (/inject|jailbreak|instruction.?override|impersonat|obfuscat/.test(value))
    return 'prompt_injection';
  if (/pii|personal|sensitive|privacy|email|phone|ssn/.test(value))
    return 'pii_detected';
  if (/egress|exfil|domain|url/.test(value)) return 'egress_blocked';
  if (/quota|rate.?limit|token.?limit/.test(value)) return 'quota_exceeded';
  return 'other';
}
