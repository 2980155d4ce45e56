/**
 * The micro-app's own policy checks, run on the user's text before the model
 * sees it. Pure functions: the request handler turns their findings into
 * `trellis.policy` span events.
 */

/** @public */
export type PolicyRule =
  | 'pii.email'
  | 'pii.phone'
  | 'injection.ignore-instructions';

/**
 * One policy decision, named as Trellis reads it from span events
 * (`trellis.policy.decision`, `trellis.policy.violation`, `trellis.policy.rule`).
 *
 * @public
 */
export interface PolicyFinding {
  decision: 'redact' | 'deny';
  violation: 'pii_detected' | 'prompt_injection';
  rule: PolicyRule;
  /** How many matches the rule masked (redactions only). */
  matches?: number;
}

/** @public */
export interface Redaction {
  text: string;
  /** One finding per rule that masked something. */
  findings: PolicyFinding[];
}

const EMAIL =
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/**
 * Phone number candidates: digits with spaces, dots, dashes or brackets between
 * them, optionally starting with `+`. A candidate counts as a phone number when
 * it holds 9 to 15 digits (E.164 allows 15), which leaves dates, versions and
 * ordinary numbers alone.
 */
const PHONE_CANDIDATE = /(?<![\w+])\+?\(?\d[\d ().-]{6,}\d(?![\w])/g;

const INJECTION =
  /\b(?:ignore|disregard|forget)\s+(?:(?:all|any|the|your|of|previous|prior|above|earlier|preceding|system)\s+){1,4}(?:instructions|prompts?|rules|directions)\b/i;

/** The text that replaces a masked e-mail address. @public */
export const EMAIL_MASK = '[email]';
/** The text that replaces a masked phone number. @public */
export const PHONE_MASK = '[phone]';

/** Masks e-mail addresses and phone numbers. @public */
export function redactPii(text: string): Redaction {
  const findings: PolicyFinding[] = [];

  let emails = 0;
  let redacted = text.replace(EMAIL, () => {
    emails += 1;
    return EMAIL_MASK;
  });
  if (emails > 0) {
    findings.push({
      decision: 'redact',
      violation: 'pii_detected',
      rule: 'pii.email',
      matches: emails,
    });
  }

  let phones = 0;
  redacted = redacted.replace(PHONE_CANDIDATE, candidate => {
    const digits = candidate.replace(/\D/g, '').length;
    if (digits < 9 || digits > 15) return candidate;
    phones += 1;
    return PHONE_MASK;
  });
  if (phones > 0) {
    findings.push({
      decision: 'redact',
      violation: 'pii_detected',
      rule: 'pii.phone',
      matches: phones,
    });
  }

  return { text: redacted, findings };
}

/**
 * A deliberately simple prompt-injection heuristic: "ignore all previous
 * instructions" and its close variants. Real deployments put a guardrail
 * model here; the telemetry it reports looks the same.
 *
 * @public
 */
export function detectPromptInjection(text: string): PolicyFinding | undefined {
  return INJECTION.test(text)
    ? {
        decision: 'deny',
        violation: 'prompt_injection',
        rule: 'injection.ignore-instructions',
      }
    : undefined;
}

/** @public */
export type PolicyOutcome =
  | { allowed: true; text: string; findings: PolicyFinding[] }
  | { allowed: false; finding: PolicyFinding };

/** Refuses injection attempts, otherwise masks PII. @public */
export function applyPromptPolicy(text: string): PolicyOutcome {
  const denial = detectPromptInjection(text);
  if (denial) return { allowed: false, finding: denial };
  const { text: redacted, findings } = redactPii(text);
  return { allowed: true, text: redacted, findings };
}
