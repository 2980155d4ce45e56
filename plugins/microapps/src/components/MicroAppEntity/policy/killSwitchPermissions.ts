import type { KillSwitchState } from '@trellis/plugin-microapps-common';

/** `security or platform stewards`, from the roles that may release any switch. */
function stewardsWhoRelease(state: KillSwitchState): string {
  const roles = state.releaseStewardRoles?.length
    ? state.releaseStewardRoles
    : ['security', 'platform'];
  return `${roles.join(' or ')} steward${roles.length === 1 ? '' : 's'}`;
}

const SENSITIVE_CLASSES = ['confidential', 'regulated'];

/** `confidential and regulated`: the classes that make a policy's switch need two stewards. */
export function sensitiveDataOf(dataClasses: readonly string[]): string {
  const sensitive = SENSITIVE_CLASSES.filter(c => dataClasses.includes(c));
  return (sensitive.length ? sensitive : SENSITIVE_CLASSES).join(' and ');
}

/** How the viewer takes part in a two-steward release, if it needs two. */
export type ReleaseStep =
  | 'single'
  | 'first-key'
  | 'second-key'
  | 'requested-by-viewer';

export function releaseStepOf(
  state: KillSwitchState,
  viewer: string | undefined,
): ReleaseStep {
  if (!state.enabled || !state.releaseNeedsTwoStewards) return 'single';
  const request = state.releaseRequest;
  if (!request) return 'first-key';
  return request.requestedBy === viewer ? 'requested-by-viewer' : 'second-key';
}

/** Who may turn the switch the other way, and why the viewer may not. */
export function whoMayChange(state: KillSwitchState, allowed: boolean): string {
  const stewards = stewardsWhoRelease(state);
  if (!state.enabled) {
    return allowed
      ? ''
      : `Only the app's owners and ${stewards} can turn the kill switch on (permission microapps.killswitch.engage).`;
  }
  if (state.releasableBy === 'stewards') {
    const engager = state.engagedByRole === 'policy' ? 'A policy' : 'A steward';
    return allowed
      ? `${engager} turned it on, so only ${stewards} can turn it off; the app's owners cannot.`
      : `${engager} turned it on, so only ${stewards} can turn it off (permission microapps.killswitch.release).`;
  }
  return allowed
    ? ''
    : `Only the app's owners and ${stewards} can turn the kill switch off (permission microapps.killswitch.release).`;
}
