import type { ThirtyDayUsage } from '@trellis/plugin-microapps-common';
import { formatCompact } from '../../format';

/** `1 request`, `35.3K requests`: a count as the card's 30-day figures write it. */
export const formatCount = (count: number, one: string, many: string) =>
  `${formatCompact(count)} ${count === 1 ? one : many}`;

/**
 * The last 30 days' usage in one sentence, as social proof: "Used by 42
 * people in the last 30 days (35.3K requests)". Numbers are written as the
 * card's other 30-day figures write them.
 */
export function usageSentence(usage: ThirtyDayUsage): string {
  if (usage.requests30d === 0) return 'No one has used it in the last 30 days';
  const requests = formatCount(usage.requests30d, 'request', 'requests');
  // Apps that report no user ids still count requests.
  if (usage.users30d === 0) return `${requests} in the last 30 days`;
  return `Used by ${formatCount(
    usage.users30d,
    'person',
    'people',
  )} in the last 30 days (${requests})`;
}
