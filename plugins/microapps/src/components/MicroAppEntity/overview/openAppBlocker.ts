import type {
  KillSwitchState,
  MicroAppStatus,
} from '@trellis/plugin-microapps-common';

const DISABLED_BY: Record<
  NonNullable<KillSwitchState['engagedByRole']>,
  string
> = {
  steward: 'Disabled by a steward',
  owner: 'Disabled by its owners',
  policy: 'Disabled by a policy',
};

/**
 * Why people must not open the app now, in words for the disabled "Open
 * app" button; undefined when nothing stands in the way. Follows the app's
 * one status: a kill switch, retirement or a prohibited model.
 */
export function openAppBlocker(
  status: MicroAppStatus,
  killSwitch: KillSwitchState,
): string | undefined {
  switch (status.id) {
    case 'disabled':
      return killSwitch.engagedByRole
        ? DISABLED_BY[killSwitch.engagedByRole]
        : 'Disabled: its kill switch is on';
    case 'decommissioned':
      return 'Decommissioned: the owner has retired it';
    case 'not-allowed':
      return status.prohibitedModels?.length
        ? `Not allowed: it uses a prohibited model (${status.prohibitedModels.join(
            ', ',
          )})`
        : 'Not allowed: it uses a prohibited model';
    default:
      return undefined;
  }
}
