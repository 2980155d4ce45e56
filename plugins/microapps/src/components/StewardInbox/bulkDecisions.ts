import type { ReviewItem } from '@trellis/plugin-microapps-common';
import { responseErrorMessage } from '../MicroAppEntity/shared/responseErrorMessage';

/** What a steward can do to several reviews at once. */
export type BulkDecision = 'grant' | 'request-changes';

/** A review the backend refused, with its reason (e.g. separation of duties). */
export interface RefusedReview {
  item: ReviewItem;
  message: string;
}

/** What became of each review of a bulk decision. */
export interface BulkOutcome {
  decision: BulkDecision;
  done: ReviewItem[];
  refused: RefusedReview[];
}

/**
 * Makes the decision on each review, one request after another, each with
 * the same comment. The backend checks every one on its own (permissions,
 * separation of duties, the manifest it binds to), so one refusal does not
 * stop the others.
 */
export async function decideEach(
  decision: BulkDecision,
  items: readonly ReviewItem[],
  decide: (item: ReviewItem) => Promise<unknown>,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { decision, done: [], refused: [] };
  for (const item of items) {
    try {
      await decide(item);
      outcome.done.push(item);
    } catch (error) {
      outcome.refused.push({ item, message: responseErrorMessage(error) });
    }
  }
  return outcome;
}
