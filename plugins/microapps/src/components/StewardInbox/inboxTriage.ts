import type {
  BadgeId,
  ReviewItem,
  RiskTier,
} from '@trellis/plugin-microapps-common';

/** What the steward narrowed the inbox to. */
export interface InboxFilters {
  badge?: BadgeId;
  tier?: RiskTier;
  overdueOnly: boolean;
}

/**
 * Overdue first (apps already running without the badge), then oldest
 * request first; the same app's badges stay together in a stable order.
 */
export function overdueThenOldest(items: ReviewItem[]): ReviewItem[] {
  return [...items].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      Date.parse(a.since) - Date.parse(b.since) ||
      a.entityRef.localeCompare(b.entityRef) ||
      a.badge.localeCompare(b.badge),
  );
}

export function filterReviews(
  items: ReviewItem[],
  filters: InboxFilters,
): ReviewItem[] {
  return items.filter(
    item =>
      (!filters.badge || item.badge === filters.badge) &&
      (!filters.tier || item.tier === filters.tier) &&
      (!filters.overdueOnly || item.overdue),
  );
}
