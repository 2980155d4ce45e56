/* Incidents: the rare requests where a guard or policy reports a violation, in each app's convention. */
import type { AppProfile } from './appProfiles';
import type { ExampleMicroApp } from './exampleCatalog';
import type { PlannedPolicyEvent, PlannedViolation } from './planTypes';
import type { SeededRandom } from './SeededRandom';

/** Share of requests where a guard finds personal data, by the manifest's `data.pii`. */
const PII_EVENT_RATES: Record<string, number> = {
  raw: 0.012,
  masked: 0.006,
  none: 0.001,
};

/** Hosts an app tries to reach that its egress list does not allow. */
const BLOCKED_HOSTS = [
  'pastebin.com',
  'webhook.site',
  'api.openai.com',
  'drive.google.com',
  'transfer.sh',
  'hooks.slack.com',
];

const PII_RULES = [
  'pii/email-address',
  'pii/phone-number',
  'pii/iban',
  'pii/national-id',
  'pii/home-address',
];
const INJECTION_RULES = [
  'prompt-shield/jailbreak',
  'prompt-shield/indirect-injection',
  'prompt-shield/system-prompt-leak',
];

/** The policy event of one request, if it has one; `undefined` for most requests and for the shadow app. */
export function planPolicyEvent(
  profile: AppProfile,
  random: SeededRandom,
): PlannedPolicyEvent | undefined {
  const { manifest } = profile;
  if (!manifest) return undefined;
  const violation = pickViolation(profile, manifest, random);
  if (!violation) return undefined;

  const contentGuard =
    violation === 'pii_detected' || violation === 'prompt_injection';
  if (contentGuard && profile.guardStyle === 'openlit')
    return openlitGuardEvent(violation, random);
  if (contentGuard && profile.guardStyle === 'gen_ai.guardrail')
    return genAiGuardrailEvent(violation);
  return trellisPolicyEvent(violation, manifest, random);
}

/** One draw decides whether a request has a violation, and which, at rates that depend on the app. */
function pickViolation(
  { app }: AppProfile,
  manifest: ExampleMicroApp,
  random: SeededRandom,
): PlannedViolation | undefined {
  const piiRate = PII_EVENT_RATES[manifest.pii] ?? PII_EVENT_RATES.none;
  const injectionRate =
    app.type === 'assistant' || app.reach === 'external' ? 0.004 : 0.0005;
  const egressRate =
    app.type === 'automation' ||
    manifest.connectors.some(c => c.exposure === 'third-party')
      ? 0.002
      : 0;
  const quotaRate = manifest.limits.requestsPerMinute ? 0.0015 : 0;
  const r = random.next();
  let violation: PlannedViolation | undefined;
  if (r < piiRate) violation = 'pii_detected';
  else if (r < piiRate + injectionRate) violation = 'prompt_injection';
  else if (r < piiRate + injectionRate + egressRate)
    violation = 'egress_blocked';
  else if (r < piiRate + injectionRate + egressRate + quotaRate)
    violation = 'quota_exceeded';
  return violation;
}

/** An OpenLIT guard span (`guard.*`) for personal data or a prompt injection. */
function openlitGuardEvent(
  violation: PlannedViolation,
  random: SeededRandom,
): PlannedPolicyEvent {
  const injection = violation === 'prompt_injection';
  return {
    violation,
    style: 'openlit',
    spanName: injection ? 'guard prompt_injection' : 'guard sensitive_topic',
    attributes: {
      'guard.verdict': 'yes',
      'guard.classification': injection
        ? random.pick(['instruction_override', 'impersonation', 'obfuscation'])
        : 'personal_information',
      'guard.score': Number(random.between(0.72, 0.99).toFixed(2)),
      'guard.validator': injection ? 'prompt_injection' : 'sensitive_topic',
    },
  };
}

/** A GenAI guardrail span (`gen_ai.guardrail.*`) for personal data or a prompt injection. */
function genAiGuardrailEvent(violation: PlannedViolation): PlannedPolicyEvent {
  const name =
    violation === 'prompt_injection' ? 'jailbreak-detection' : 'pii-detection';
  return {
    violation,
    style: 'gen_ai.guardrail',
    spanName: `apply_guardrail ${name}`,
    attributes: {
      'gen_ai.guardrail.name': name,
      'gen_ai.guardrail.status': 'FAILED',
    },
  };
}

/** A `trellis.policy` span event with the decision and the rule that made it. */
function trellisPolicyEvent(
  violation: PlannedViolation,
  manifest: ExampleMicroApp,
  random: SeededRandom,
): PlannedPolicyEvent {
  const pii = manifest.pii;
  const attributes: Record<string, string | number> = {
    'trellis.policy.violation': violation,
  };
  switch (violation) {
    case 'pii_detected':
      attributes['trellis.policy.decision'] = pii === 'raw' ? 'warn' : 'redact';
      attributes['trellis.policy.rule'] = random.pick(PII_RULES);
      break;
    case 'prompt_injection':
      attributes['trellis.policy.decision'] = random.chance(0.85)
        ? 'deny'
        : 'warn';
      attributes['trellis.policy.rule'] = random.pick(INJECTION_RULES);
      break;
    case 'egress_blocked': {
      attributes['trellis.policy.decision'] = 'deny';
      attributes['trellis.policy.rule'] = 'egress/allowlist';
      const hosts = BLOCKED_HOSTS.filter(h => !manifest.egress.includes(h));
      attributes['server.address'] = random.pick(
        hosts.length > 0 ? hosts : BLOCKED_HOSTS,
      );
      break;
    }
    case 'quota_exceeded':
      attributes['trellis.policy.decision'] = 'deny';
      attributes['trellis.policy.rule'] = 'quota/requests-per-minute';
      break;
    default:
  }
  return { violation, style: 'trellis', attributes };
}
