import type { CompiledPolicy } from './compilePolicy';
import type { PolicyAction, PolicyMode } from './policyPackSchema';
import { celAppContext, celContext, type PolicyInput } from './policyInput';

/** What one policy decided about one app. */
export interface PolicyDecision {
  id: string;
  fired: boolean;
  mode: PolicyMode;
  actions: PolicyAction[];
  /** The input fields `when` reads, with their values: why it fired or not. */
  values: Record<string, unknown>;
  /** Why the expression could not be evaluated (then `fired` is false). */
  error?: string;
}

/**
 * Evaluates compiled policies against one app's input. Never throws: an
 * expression that fails at run time (a division by zero, a missing map key)
 * is answered with its error and does not fire.
 */
export function evaluatePolicies(
  policies: readonly CompiledPolicy[],
  input: PolicyInput,
): PolicyDecision[] {
  const context = celContext(input);
  return policies.map(policy => {
    const decision: PolicyDecision = {
      id: policy.id,
      fired: false,
      mode: policy.mode,
      actions: policy.actions,
      values: valuesOf(policy.references, input),
    };
    try {
      decision.fired = policy.condition(context) === true;
    } catch (error) {
      decision.error =
        (error as { summary?: string }).summary ??
        String((error as Error).message ?? error).split('\n')[0];
    }
    return decision;
  });
}

/**
 * What `when` answers from some fields of the app alone, with no `window`:
 * true or false when that decides it whatever the rest holds (CEL's `&&` and
 * `||` absorb an error on one side when the other decides), undefined when
 * the answer depends on what is missing. `app.dataClasses.exists(...) &&
 * window.requests > 10` is false for an app without such data, before any
 * telemetry is read.
 */
export function decidedByAppAlone(
  policy: CompiledPolicy,
  app: Partial<PolicyInput['app']>,
): boolean | undefined {
  try {
    const answer = policy.condition(celAppContext(app));
    return typeof answer === 'boolean' ? answer : undefined;
  } catch {
    return undefined;
  }
}

/** `window.violations["pii_detected"]` → its value in the input (undefined if absent). */
function valuesOf(
  references: readonly string[],
  input: PolicyInput,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const reference of references) {
    const parts = [
      ...reference.matchAll(/\.?([A-Za-z_]\w*)|\[("(?:[^"\\]|\\.)*")\]/g),
    ].map(m => (m[1] !== undefined ? m[1] : (JSON.parse(m[2]) as string)));
    let value: unknown = input;
    for (const part of parts) {
      value =
        value && typeof value === 'object' && Object.hasOwn(value, part)
          ? (value as Record<string, unknown>)[part]
          : undefined;
    }
    values[reference] = value;
  }
  return values;
}
