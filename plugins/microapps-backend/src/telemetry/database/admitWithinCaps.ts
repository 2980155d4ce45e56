import type { Knex } from 'knex';
import { lockFor } from '../../shared/appLock';
import type { SpanRecord } from '../ingest/spanRecords';
import type { IngestCaps } from '../TelemetryStore';
import { chunks } from './chunks';

type CapKind = 'unregistered_app' | 'unknown_model';

/**
 * The records within the key's caps for today, and why the others are
 * refused. Under a lock on the key, so that concurrent requests of one key
 * cannot together pass a cap: each value (an unregistered app's ref, an
 * unknown model) is admitted when the key already reported it today, or
 * while the day's count is below the cap.
 */
export async function admitWithinCaps(
  tx: Knex.Transaction,
  records: SpanRecord[],
  caps: IngestCaps,
  now: Date,
): Promise<{ admitted: SpanRecord[]; rejected: string[] }> {
  const wanted = cappedValues(records);
  if (wanted.unregistered_app.size + wanted.unknown_model.size === 0)
    return { admitted: records, rejected: [] };

  await lockFor(tx, `ingest-key:${caps.keyId}`);
  const day = now.toISOString().slice(0, 10);
  const limits: Record<CapKind, number> = {
    unregistered_app: caps.unregisteredAppsPerDay,
    unknown_model: caps.unknownModelsPerDay,
  };
  const allowed: Record<CapKind, Set<string>> = {
    unregistered_app: new Set(),
    unknown_model: new Set(),
  };
  for (const kind of ['unregistered_app', 'unknown_model'] as const) {
    if (wanted[kind].size === 0) continue;
    allowed[kind] = await admitValues(
      tx,
      { key_id: caps.keyId, day, kind },
      wanted[kind],
      limits[kind],
    );
  }
  return admittedOrRejected(records, allowed, limits);
}

/** The values in the records that count against a cap. */
function cappedValues(records: SpanRecord[]): Record<CapKind, Set<string>> {
  const wanted: Record<CapKind, Set<string>> = {
    unregistered_app: new Set(),
    unknown_model: new Set(),
  };
  for (const record of records) {
    if (record.unregisteredRef)
      wanted.unregistered_app.add(record.unregisteredRef);
    if (record.unknownModel) wanted.unknown_model.add(record.unknownModel);
  }
  return wanted;
}

/**
 * Which wanted values of one kind the key may report today; those it
 * reports for the first time today are recorded against its cap.
 */
async function admitValues(
  tx: Knex.Transaction,
  keyDay: { key_id: string; day: string; kind: CapKind },
  wanted: ReadonlySet<string>,
  limit: number,
): Promise<Set<string>> {
  const allowed = new Set<string>();
  const seen: Array<{ value: string }> = await tx('microapps_ingest_key_days')
    .where(keyDay)
    .select('value');
  const known = new Set(seen.map(row => row.value));
  const added: string[] = [];
  for (const value of Array.from(wanted).sort()) {
    if (known.has(value)) allowed.add(value);
    else if (known.size + added.length < limit) {
      allowed.add(value);
      added.push(value);
    }
  }
  for (const chunk of chunks(added)) {
    await tx('microapps_ingest_key_days').insert(
      chunk.map(value => ({ ...keyDay, value })),
    );
  }
  return allowed;
}

/** The records whose capped values are all allowed, and why each other one is refused. */
function admittedOrRejected(
  records: SpanRecord[],
  allowed: Record<CapKind, ReadonlySet<string>>,
  limits: Record<CapKind, number>,
): { admitted: SpanRecord[]; rejected: string[] } {
  const admitted: SpanRecord[] = [];
  const rejected: string[] = [];
  for (const record of records) {
    if (
      record.unregisteredRef &&
      !allowed.unregistered_app.has(record.unregisteredRef)
    ) {
      rejected.push(
        `${record.where ?? record.spanKey}: this key reported ${
          limits.unregistered_app
        } unregistered apps today, the most it may; register ${
          record.unregisteredRef
        } as a MicroApp`,
      );
    } else if (
      record.unknownModel &&
      !allowed.unknown_model.has(record.unknownModel)
    ) {
      rejected.push(
        `${record.where ?? record.spanKey}: this key reported ${
          limits.unknown_model
        } models the catalog does not know today, the most it may; add "${
          record.unknownModel
        }" to microapps.models`,
      );
    } else {
      admitted.push(record);
    }
  }
  return { admitted, rejected };
}
