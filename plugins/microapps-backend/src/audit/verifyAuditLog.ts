import type { AuditVerification } from '@trellis/plugin-microapps-common';
import type { AuditStore } from './AuditStore';
import { auditEntryHash, GENESIS_HASH } from './auditHash';

const BATCH_SIZE = 1000;

/** Walks the whole chain in order, recomputing every hash and link. */
export async function verifyAuditLog(
  store: AuditStore,
): Promise<AuditVerification> {
  const head = await store.getAuditHead();
  let previous = { id: 0, hash: GENESIS_HASH };
  let entries = 0;
  const broken = (
    firstBrokenId: number,
    reason: string,
  ): AuditVerification => ({
    valid: false,
    entries,
    firstBrokenId,
    reason,
    headHash: head.lastHash,
  });

  for (;;) {
    const batch = await store.readAuditInOrder(previous.id, BATCH_SIZE);
    if (batch.length === 0) break;
    for (const entry of batch) {
      if (entry.id !== previous.id + 1) {
        return broken(previous.id + 1, `entry ${previous.id + 1} is missing`);
      }
      if (entry.prevHash !== previous.hash) {
        return broken(
          entry.id,
          `entry ${entry.id} does not link to entry ${previous.id}`,
        );
      }
      if (auditEntryHash(entry) !== entry.hash) {
        return broken(
          entry.id,
          `entry ${entry.id} was changed after it was written`,
        );
      }
      previous = { id: entry.id, hash: entry.hash };
      entries += 1;
    }
  }
  if (head.lastId !== previous.id || head.lastHash !== previous.hash) {
    return broken(
      previous.id + 1,
      `entries after ${previous.id} are missing (the log ended at ${head.lastId})`,
    );
  }
  return { valid: true, entries, headHash: head.lastHash };
}
