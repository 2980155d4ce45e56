/** Reviews waiting this many days or more are highlighted. */
export const OLD_REVIEW_DAYS = 14;

/** "waiting 12 days", "waiting 1 day", "waiting since today" */
export function waitingText(ageDays: number): string {
  if (ageDays <= 0) return 'waiting since today';
  return ageDays === 1 ? 'waiting 1 day' : `waiting ${ageDays} days`;
}

/** "Due since Mar 3, 2025", with a warning once the review is old. */
export function dueSinceText(since: string, ageDays: number): string {
  const date = new Date(since).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
  const old = ageDays >= OLD_REVIEW_DAYS;
  return `Due since ${date}${
    old ? ` — waiting ${OLD_REVIEW_DAYS} days or more` : ''
  }`;
}
