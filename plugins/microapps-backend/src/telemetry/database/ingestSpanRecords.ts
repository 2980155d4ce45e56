import type { Knex } from 'knex';
import type { SpanRecord } from '../ingest/spanRecords';
import type { IngestCaps, IngestOutcome } from '../TelemetryStore';
import { admitWithinCaps } from './admitWithinCaps';
import { budgetViolations, storedMonthCosts } from './budgetViolations';
import { isPostgres } from './dialect';
import {
  type RequestTally,
  requestWrites,
  tallyRequest,
} from './requestWrites';
import { insertSpanKeysAndWrite, writeRequest } from './writeRequest';

/**
 * Stores the span records of one request in one transaction: admits them
 * under the key's caps, counts each span once, then writes the new spans'
 * usage, users and violations, with the budgets they exceed.
 */
export async function ingestSpanRecords(
  knex: Knex,
  records: SpanRecord[],
  budgets: ReadonlyMap<string, number>,
  now: Date,
  caps?: IngestCaps,
): Promise<IngestOutcome> {
  if (records.length === 0)
    return { newSpans: 0, duplicateSpans: 0, rejected: [] };

  const postgres = isPostgres(knex);
  return knex.transaction(async tx => {
    // Caps first: a refused span's key is not recorded, so that it can be
    // sent again another day.
    const { admitted, rejected } = caps
      ? await admitWithinCaps(tx, records, caps, now)
      : { admitted: records, rejected: [] };
    // The same span twice in one request counts once, like a re-sent one.
    const bySpanKey = new Map<string, SpanRecord>();
    for (const record of admitted) {
      if (!bySpanKey.has(record.spanKey)) bySpanKey.set(record.spanKey, record);
    }
    // Sorted keys everywhere: concurrent transactions lock rows in the same order.
    const spanKeys = Array.from(bySpanKey.keys()).sort();
    if (spanKeys.length === 0)
      return { newSpans: 0, duplicateSpans: 0, rejected };

    // What the request writes if every span is new, as it almost always is;
    // the committed month costs are read for every app and month in it.
    const tally = tallyRequest(
      spanKeys.map(spanKey => bySpanKey.get(spanKey)!),
      budgets,
    );
    const storedCost = await storedMonthCosts(tx, tally.monthShares);
    const writesOf = (counted: RequestTally) =>
      requestWrites(
        counted,
        budgetViolations(counted.monthShares, budgets, storedCost),
      );
    const fresh = await insertSpanKeysAndWrite(
      tx,
      spanKeys,
      writesOf(tally),
      now,
      postgres,
    );
    if (fresh.length > 0 && fresh.length < spanKeys.length) {
      // Some spans were counted before: write what the new ones add.
      const freshTally = tallyRequest(
        fresh.map(spanKey => bySpanKey.get(spanKey)!),
        budgets,
      );
      await writeRequest(tx, writesOf(freshTally), postgres);
    }
    return {
      newSpans: fresh.length,
      duplicateSpans: spanKeys.length - fresh.length,
      rejected,
    };
  });
}
