import type { JsonObject } from '@backstage/types';
import type { GovernedApp } from '../../registry/governedApp';
import type { CompiledPolicy } from '../compilePolicy';
import type { NewPolicyFiring, PolicyFiring } from './PolicyFiringStore';

/** The firing's entry in the audit chain: the policy, the values that fired it, and what was done or would have been. */
export function firingAudit(
  app: GovernedApp,
  policy: CompiledPolicy,
  firing: {
    firedAt: string;
    trigger: PolicyFiring['trigger'];
    values: JsonObject;
    sentences: string[];
    traceIds: string[];
  },
): NewPolicyFiring['audit'] {
  const enforce = policy.mode === 'enforce';
  return {
    occurredAt: firing.firedAt,
    actor: `policy:${policy.id}`,
    action: enforce ? 'policy.fired' : 'policy.dry-run',
    entityRef: app.entityRef,
    digest: app.digest,
    comment: policy.title,
    details: {
      policyId: policy.id,
      mode: policy.mode,
      severity: policy.severity,
      location: policy.location,
      trigger: firing.trigger,
      values: firing.values,
      [enforce ? 'actions' : 'wouldHave']: firing.sentences,
      ...(firing.traceIds.length ? { traceIds: firing.traceIds } : {}),
    },
  };
}

/** CEL ints arrive as bigints; JSON has no bigints. */
export function jsonSafe(_key: string, value: unknown) {
  return typeof value === 'bigint' ? Number(value) : value ?? null;
}
