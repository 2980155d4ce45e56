import type {
  BadgeId,
  KillSwitchState,
} from '@trellis/plugin-microapps-common';
import type { MicroAppResource } from '@trellis/plugin-microapps-node';
import type { GovernedApp } from './governedApp';

/**
 * What permission rules see of an app: for badge permissions with the badge
 * acted on, for kill-switch permissions with who engaged the switch.
 */
export function resourceOf(
  app: GovernedApp,
  extra: { badge?: BadgeId; killSwitch?: KillSwitchState } = {},
): MicroAppResource {
  const { badge, killSwitch } = extra;
  return {
    entityRef: app.entityRef,
    owner: app.owner,
    tier: app.risk.tier,
    lifecycle: app.entity.spec.lifecycle,
    ...(badge ? { badge } : {}),
    ...(killSwitch?.enabled && killSwitch.engagedByRole
      ? { killSwitchEngagedBy: killSwitch.engagedByRole }
      : {}),
  };
}
