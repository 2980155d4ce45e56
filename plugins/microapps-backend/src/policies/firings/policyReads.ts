import {
  VIOLATION_TYPES,
  type ViolationType,
} from '@trellis/plugin-microapps-common';
import type { GovernedApp } from '../../registry/governedApp';
import type { CompiledPolicy } from '../compilePolicy';
import type { PolicyInput } from '../policyInput';
import {
  type InputNeeds,
  inputNeedsOf,
  type PolicyInputBuilder,
} from '../policyInputs';

/**
 * One input per distinct window, each read from the sources that the
 * policies of that window read (started together).
 */
export function inputsByWindow(
  app: GovernedApp,
  policies: readonly CompiledPolicy[],
  inputOf: PolicyInputBuilder,
): Map<number, Promise<PolicyInput>> {
  const needs = new Map<number, InputNeeds>();
  for (const policy of policies) {
    const own = inputNeedsOf(policy.references);
    const seen = needs.get(policy.windowSeconds);
    needs.set(
      policy.windowSeconds,
      seen
        ? {
            violations: seen.violations || own.violations,
            usage: seen.usage || own.usage,
            approvals: seen.approvals || own.approvals,
            killSwitch: seen.killSwitch || own.killSwitch,
          }
        : own,
    );
  }
  const inputs = new Map<number, Promise<PolicyInput>>();
  for (const [windowSeconds, need] of needs) {
    const input = inputOf(app, windowSeconds, need);
    // Awaited in policy order; a failure is reported there, not as unhandled.
    input.catch(() => undefined);
    inputs.set(windowSeconds, input);
  }
  return inputs;
}

/** The violation types `when` reads; every type when it reads the whole map. */
export function violationTypesRead(policy: CompiledPolicy): ViolationType[] {
  const named = policy.references.flatMap(reference => {
    const match = /^window\.violations\["([a-z_]+)"\]$/.exec(reference);
    return match ? [match[1] as ViolationType] : [];
  });
  return named.length ? named : [...VIOLATION_TYPES];
}
