import {
  BADGE_RULES,
  type BadgeDetail,
  badgeTitle,
} from '@trellis/plugin-microapps-common';

/**
 * Why separation of duties keeps the signed-in steward from granting the
 * badge, in display names, e.g. "You own Invoice Field Extractor through
 * Finance Ops; another security steward must grant it". Undefined when
 * nothing keeps them from it.
 */
export function callerConflictText(
  badge: BadgeDetail,
  names: { appTitle: string; ownerTitle: string },
): string | undefined {
  const conflict = badge.callerConflict;
  if (!conflict) return undefined;
  const role =
    BADGE_RULES.find(rule => rule.badge === badge.badge)?.stewardRole ??
    'other';
  if (conflict.reason === 'owning-team') {
    return `You own ${names.appTitle} through ${names.ownerTitle}; another ${role} steward must grant it`;
  }
  const other = conflict.conflictsWith
    ? badgeTitle(conflict.conflictsWith)
    : 'another badge';
  return `You already granted ${other} on ${
    names.appTitle
  }, a high-tier app; another ${role} steward must grant ${badgeTitle(
    badge.badge,
  )}`;
}
