import type { GovernedApp } from '../../registry/governedApp';
import type { KillSwitch } from '../GovernanceStore';

/** Data classes whose apps a policy's kill switch holds until two stewards agree. */
const SENSITIVE_CLASSES: ReadonlySet<string> = new Set([
  'confidential',
  'regulated',
]);

/**
 * Whether releasing the switch takes two different stewards: it is on, a
 * policy engaged it, and the app declares confidential or regulated data.
 */
export function releaseNeedsTwoStewards(
  app: GovernedApp,
  killSwitch: KillSwitch | undefined,
): boolean {
  if (!killSwitch?.enabled || killSwitch.engagedByRole !== 'policy') {
    return false;
  }
  const classes: readonly string[] =
    app.entity.spec.data?.classifications ?? [];
  return classes.some(dataClass => SENSITIVE_CLASSES.has(dataClass));
}
