import { badgeTitle, isBadgeId } from '@trellis/plugin-microapps-common';
import type { PolicyAction } from '../../api';

/** "a, b and c". */
function inWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Who a notify action reaches, in words. */
function recipient(to: string | undefined): string {
  if (!to || to === 'owners') return "the app's owners";
  const stewards = /^stewards:(.+)$/.exec(to);
  if (stewards) return `the ${stewards[1]} stewards`;
  return to;
}

/** What a policy action does when the policy fires in enforce mode. */
export function policyActionText(action: PolicyAction): string {
  switch (action.type) {
    case 'notify':
      return `Notify ${recipient(action.to)}`;
    case 'kill-switch':
      return 'Turn the kill switch on';
    case 'block-promotion':
      return 'Block promotion to the next stage';
    case 'require-review': {
      const badges = (action.badges ?? []).map(badge =>
        isBadgeId(badge) ? badgeTitle(badge) : badge,
      );
      return badges.length
        ? `Require a new ${inWords(badges)}`
        : 'Require a new review';
    }
    default:
      return String((action as PolicyAction).type);
  }
}
