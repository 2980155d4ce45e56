import type { Knex } from 'knex';
import { appendAuditEntry } from '../../audit/auditChain';
import type { PromotionBlock } from '../../governance/appGovernance';
import { lockFor } from '../../shared/appLock';
import type {
  NewPolicyFiring,
  PolicyFiring,
  PolicyFiringStore,
  PolicyState,
} from './PolicyFiringStore';

const STATES = 'microapps_policy_states';
const FIRINGS = 'microapps_policy_firings';
const BLOCKS = 'microapps_policy_blocks';

const key = (entityRef: string) => entityRef.toLocaleLowerCase('en-US');

/** Knex implementation of {@link PolicyFiringStore} for SQLite and PostgreSQL. */
export class DatabasePolicyFiringStore implements PolicyFiringStore {
  constructor(private readonly knex: Knex) {}

  async statesOf(entityRef: string): Promise<Map<string, PolicyState>> {
    const rows = await this.knex(STATES).where('entity_ref', key(entityRef));
    return new Map(
      rows.map(row => [
        row.policy_id,
        {
          policyId: row.policy_id,
          active: Boolean(row.active),
          episode: Number(row.episode),
        },
      ]),
    );
  }

  async fire(firing: NewPolicyFiring): Promise<PolicyFiring | undefined> {
    const entityRef = key(firing.entityRef);
    const where = { policy_id: firing.policyId, entity_ref: entityRef };
    return this.knex.transaction(async tx => {
      await lockFor(tx, `policy:${firing.policyId}:${entityRef}`);
      const state = await tx(STATES).where(where).first();
      if (state && Boolean(state.active)) return undefined;
      const episode = Number(state?.episode ?? 0) + 1;
      // The unique (policy, app, episode) key refuses a second firing of the
      // same trigger should two writers get past the check above.
      const inserted = await tx(FIRINGS)
        .insert({
          ...where,
          episode,
          fired_at: firing.firedAt,
          mode: firing.mode,
          severity: firing.severity,
          title: firing.title,
          trigger: firing.trigger,
          values: JSON.stringify(firing.values),
          actions: JSON.stringify(firing.actions),
        })
        .onConflict(['policy_id', 'entity_ref', 'episode'])
        .ignore()
        .returning('id');
      if (inserted.length === 0) return undefined;
      const id = Number(
        typeof inserted[0] === 'object' ? inserted[0].id : inserted[0],
      );
      await tx(STATES)
        .insert({ ...where, active: true, episode, changed_at: firing.firedAt })
        .onConflict(['policy_id', 'entity_ref'])
        .merge();
      if (firing.blockReason !== undefined) {
        await tx(BLOCKS)
          .insert({
            entity_ref: entityRef,
            policy_id: firing.policyId,
            reason: firing.blockReason,
            since: firing.firedAt,
            firing_id: id,
          })
          .onConflict(['entity_ref', 'policy_id'])
          .merge();
      }
      if (firing.reviewBadges?.length) {
        await tx('microapps_approvals')
          .where('entity_ref', entityRef)
          .whereIn('badge', firing.reviewBadges)
          .where('state', 'granted')
          .update({
            review_required_at: firing.firedAt,
            review_required_by: firing.policyId,
          });
      }
      const incidentId = await firing.withinTransaction?.(tx, id);
      if (incidentId !== undefined) {
        await tx(FIRINGS).where('id', id).update({ incident_id: incidentId });
      }
      await appendAuditEntry(tx, {
        ...firing.audit,
        details: {
          ...firing.audit.details,
          firingId: id,
          ...(incidentId !== undefined ? { incidentId } : {}),
        },
      });
      const {
        audit: _a,
        blockReason: _b,
        reviewBadges: _r,
        withinTransaction: _w,
        ...recorded
      } = firing;
      return { ...recorded, entityRef, id, episode, incidentId };
    });
  }

  async rearm(policyId: string, entityRef: string, at: string): Promise<void> {
    const where = { policy_id: policyId, entity_ref: key(entityRef) };
    await this.knex.transaction(async tx => {
      await lockFor(tx, `policy:${policyId}:${where.entity_ref}`);
      const changed = await tx(STATES)
        .where({ ...where, active: true })
        .update({ active: false, changed_at: at });
      if (changed > 0) await tx(BLOCKS).where(where).delete();
    });
  }

  async markActionsDone(firingId: number, at: string): Promise<void> {
    await this.knex(FIRINGS)
      .where('id', firingId)
      .whereNull('actions_done_at')
      .update({ actions_done_at: at });
  }

  async firingsWithActionsPending(
    firedBefore: string,
    limit: number,
  ): Promise<PolicyFiring[]> {
    const rows = await this.knex(FIRINGS)
      .whereNull('actions_done_at')
      .where('mode', 'enforce')
      .where('fired_at', '<', firedBefore)
      .orderBy('id')
      .limit(limit);
    return rows.map(toFiring);
  }

  async listFirings(filter: {
    policyId?: string;
    entityRef?: string;
    limit: number;
  }): Promise<PolicyFiring[]> {
    const query = this.knex(FIRINGS).orderBy('id', 'desc').limit(filter.limit);
    if (filter.policyId) query.where('policy_id', filter.policyId);
    if (filter.entityRef) query.where('entity_ref', key(filter.entityRef));
    return (await query).map(toFiring);
  }

  async latestFiringsByPolicy(
    perPolicy: number,
  ): Promise<Map<string, PolicyFiring[]>> {
    // A window function keeps this to one query however many policies fired.
    const ranked = this.knex(FIRINGS)
      .select('*')
      .select(
        this.knex.raw(
          'row_number() over (partition by policy_id order by id desc) as rank',
        ),
      )
      .as('ranked');
    const rows = await this.knex
      .from(ranked)
      .where('rank', '<=', perPolicy)
      .orderBy('id', 'desc');
    const byPolicy = new Map<string, PolicyFiring[]>();
    for (const row of rows) {
      const firing = toFiring(row);
      byPolicy.set(firing.policyId, [
        ...(byPolicy.get(firing.policyId) ?? []),
        firing,
      ]);
    }
    return byPolicy;
  }

  async promotionBlocks(entityRef: string): Promise<PromotionBlock[]> {
    const rows = await this.knex(BLOCKS)
      .where('entity_ref', key(entityRef))
      .orderBy('since');
    return rows.map(row => ({
      policyId: row.policy_id,
      reason: row.reason,
      since: row.since,
    }));
  }
}

function toFiring(row: any): PolicyFiring {
  return {
    id: Number(row.id),
    policyId: row.policy_id,
    entityRef: row.entity_ref,
    episode: Number(row.episode),
    firedAt: row.fired_at,
    mode: row.mode,
    severity: row.severity,
    title: row.title,
    trigger: row.trigger,
    values: JSON.parse(row.values),
    actions: JSON.parse(row.actions),
    ...(row.incident_id !== null && row.incident_id !== undefined
      ? { incidentId: Number(row.incident_id) }
      : {}),
    ...(row.actions_done_at ? { actionsDoneAt: row.actions_done_at } : {}),
  };
}
