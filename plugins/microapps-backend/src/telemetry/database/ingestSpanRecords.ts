import type { Knex } from 'knex';
import type { SpanRecord } from '../ingest/spanRecords';
import type { IngestCaps, IngestOutcome } from '../TelemetryStore';
import { admitWithinCaps } from './admitWithinCaps';
import { budgetViolations } from './budgetViolations';
import { isPostgres } from './dialect';
import { requestWrites, tallyRequest } from './requestWrites';
import { insertSpanKeys, writeRequest } from './writeRequest';

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
    const fresh = (await insertSpanKeys(tx, spanKeys, now, postgres)).map(
      spanKey => bySpanKey.get(spanKey)!,
    );

    const tally = tallyRequest(fresh, budgets);
    const overBudget = await budgetViolations(tx, tally.monthShares, budgets);
    await writeRequest(tx, requestWrites(tally, overBudget), postgres);
    return {
      newSpans: fresh.length,
      duplicateSpans: spanKeys.length - fresh.length,
      rejected,
    };
  });
}
