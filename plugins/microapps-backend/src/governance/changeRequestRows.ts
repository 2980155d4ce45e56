import type { BadgeId } from '@trellis/plugin-microapps-common';
import type { Knex } from 'knex';
import { appendAuditEntry } from '../audit/auditChain';
import { lockFor } from '../shared/appLock';
import type {
  ChangeRequestInput,
  ChangeRequestRecord,
} from './GovernanceStore';

type ChangeRequestRow = {
  entity_ref: string;
  badge: string;
  digest: string;
  requested_by: string;
  requested_at: string;
  comment: string;
};

const TABLE = 'microapps_change_requests';

function toChangeRequest(row: ChangeRequestRow): ChangeRequestRecord {
  return {
    entityRef: row.entity_ref,
    badge: row.badge as BadgeId,
    digest: row.digest,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    comment: row.comment,
  };
}

/** The latest change request per badge, of one app or of every app. */
export async function listChangeRequestRows(
  knex: Knex,
  entityRef?: string,
): Promise<ChangeRequestRecord[]> {
  const query = knex<ChangeRequestRow>(TABLE).select('*');
  if (entityRef)
    query.where('entity_ref', entityRef.toLocaleLowerCase('en-US'));
  return (await query).map(toChangeRequest);
}

/** Records (replaces) a badge's change request and its audit entry in one transaction. */
export async function writeChangeRequest(
  knex: Knex,
  input: ChangeRequestInput,
): Promise<ChangeRequestRecord> {
  const row: ChangeRequestRow = {
    entity_ref: input.entityRef.toLocaleLowerCase('en-US'),
    badge: input.badge,
    digest: input.digest,
    requested_by: input.requestedBy,
    requested_at: input.requestedAt,
    comment: input.comment,
  };
  return knex.transaction(async tx => {
    await lockFor(tx, row.entity_ref);
    await tx(TABLE).insert(row).onConflict(['entity_ref', 'badge']).merge();
    await appendAuditEntry(tx, input.audit);
    return toChangeRequest(row);
  });
}
