import type { KillSwitchState } from '@trellis/plugin-microapps-common';

/** `security or platform stewards`, from the roles that may release any switch. */
function stewardsWhoRelease(state: KillSwitchState): string {
  const roles = state.releaseStewardRoles?.length
    ? state.releaseStewardRoles
    : ['security', 'platform'];
  return `${roles.join(' or ')} steward${roles.length === 1 ? '' : 's'}`;
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
