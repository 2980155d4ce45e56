import type { ReviewItem } from '@trellis/plugin-microapps-common';

/** Reviews waiting this many days or more are highlighted. */
export const OLD_REVIEW_DAYS = 14;

type ReviewAge = Pick<ReviewItem, 'since' | 'sinceFirstSeen' | 'ageDays'>;

const days = (ageDays: number) => (ageDays === 1 ? '1 day' : `${ageDays} days`);

/**
 * "waiting 12 days", "waiting since today"; counted from Trellis's first
 * sighting of the app, only that is claimed: "first seen by Trellis today",
 * "first seen by Trellis 12 days ago".
 */
export function waitingText(review: ReviewAge): string {
  const { ageDays } = review;
  if (review.sinceFirstSeen) {
    return ageDays <= 0
      ? 'first seen by Trellis today'
      : `first seen by Trellis ${days(ageDays)} ago`;
  }
  return ageDays <= 0 ? 'waiting since today' : `waiting ${days(ageDays)}`;
}

/**
 * "Due since Mar 3, 2025" or "Waiting since Trellis first saw the app on Mar
 * 3, 2025", with a warning once the review is old.
 */
export function dueSinceText(review: ReviewAge): string {
  const date = new Date(review.since).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
  const old = review.ageDays >= OLD_REVIEW_DAYS;
  const since = review.sinceFirstSeen
    ? `Waiting since Trellis first saw the app on ${date}; it may have been due for longer`
    : `Due since ${date}`;
  return `${since}${old ? ` — waiting ${OLD_REVIEW_DAYS} days or more` : ''}`;
}
