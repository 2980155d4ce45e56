import { ConflictError } from '@backstage/errors';
import type { Knex } from 'knex';
import { appendAuditEntry } from '../audit/auditChain';
import { lockFor } from '../shared/appLock';
import type {
  KillSwitch,
  KillSwitchRelease,
  KillSwitchReleaseResult,
} from './GovernanceStore';

export const NO_RELEASE_REQUEST = {
  release_requested_by: null,
  release_requested_at: null,
  release_request_reason: null,
  release_request_version: null,
};

export function toKillSwitch(row: any): KillSwitch {
  const enabled = Boolean(row.enabled);
  const version = Number(row.version ?? 1);
  // A request made on an earlier version (before a re-engage) is void.
  const requestHolds =
    enabled &&
    row.release_requested_by &&
    Number(row.release_request_version) === version;
  return {
    entityRef: row.entity_ref,
    enabled,
    reason: row.reason,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
    engagedByRole: row.engaged_by_role ?? undefined,
    releaseRequest: requestHolds
      ? {
          requestedBy: row.release_requested_by,
          requestedAt: row.release_requested_at,
          reason: row.release_request_reason,
        }
      : undefined,
    version,
  };
}

/** Releases a switch, or records the first steward's request, as `release.decide` says. */
export async function releaseKillSwitch(
  knex: Knex,
  release: KillSwitchRelease,
): Promise<KillSwitchReleaseResult> {
  const entityRef = release.entityRef.toLocaleLowerCase('en-US');
  return knex.transaction(async tx => {
    await lockFor(tx, entityRef);
    const currentRow = await tx('microapps_kill_switches')
      .where('entity_ref', entityRef)
      .first();
    const before = currentRow ? toKillSwitch(currentRow) : undefined;
    const decision = release.decide(before);
    if (!before?.enabled) {
      throw new ConflictError(
        `The kill switch of ${release.entityRef} is already off`,
      );
    }
    const changes =
      decision === 'request'
        ? {
            // The version stays: the request is not a change of the switch.
            release_requested_by: release.actor,
            release_requested_at: release.at,
            release_request_reason: release.reason,
            release_request_version: before.version,
          }
        : {
            enabled: false,
            reason: release.reason,
            updated_by: release.actor,
            updated_at: release.at,
            engaged_by_role: null,
            version: before.version + 1,
            ...NO_RELEASE_REQUEST,
          };
    await tx('microapps_kill_switches')
      .where('entity_ref', entityRef)
      .update(changes);
    const audit = release.audit(decision, before);
    await appendAuditEntry(tx, {
      ...audit,
      details: { ...audit.details, engagedByRole: before.engagedByRole },
    });
    const after = toKillSwitch({ ...currentRow, ...changes });
    return { decision, before, after };
  });
}
