import type { Knex } from 'knex';
import type { JsonObject } from '@backstage/types';
import type { BadgeId } from '@trellis/plugin-microapps-common';
import type { NewAuditEntry } from '../../audit/AuditStore';
import type { PromotionBlock } from '../../governance/appGovernance';
import type {
  PolicyAction,
  PolicyMode,
  PolicySeverity,
} from '../policyPackSchema';

/** Where a policy stands for one app. */
export interface PolicyState {
  policyId: string;
  /** True from a firing until the condition is false again. */
  active: boolean;
  /** How many times the policy has fired for the app. */
  episode: number;
}

/** One firing as recorded. Times are ISO 8601 strings. */
export interface PolicyFiring {
  id: number;
  policyId: string;
  entityRef: string;
  episode: number;
  firedAt: string;
  mode: PolicyMode;
  severity: PolicySeverity;
  title: string;
  trigger: 'ingest' | 'schedule';
  /** The input values the condition read when it fired. */
  values: JsonObject;
  actions: PolicyAction[];
  incidentId?: number;
  /** When the actions carried out after the commit (kill switch, notices) were done. */
  actionsDoneAt?: string;
}

export interface NewPolicyFiring
  extends Omit<
    PolicyFiring,
    'id' | 'episode' | 'incidentId' | 'actionsDoneAt'
  > {
  /** Enforcing `block-promotion`: the reason the gate gives. */
  blockReason?: string;
  /** Enforcing `require-review`: the badges whose current grant stops counting. */
  reviewBadges?: BadgeId[];
  /** The firing's audit entry; its details get the firing id and incident id. */
  audit: NewAuditEntry;
  /**
   * Runs inside the firing's transaction once the firing has its id (opens
   * or extends the app's incident); returns the incident id.
   */
  withinTransaction?: (
    tx: Knex.Transaction,
    firingId: number,
  ) => Promise<number | undefined>;
}

/**
 * Firings, and whether each policy holds for each app. A trigger fires once:
 * `fire` records a firing only when the policy is not active for the app,
 * under a lock and a unique (policy, app, episode) key, so that replicas
 * evaluating the same app at the same time record one firing between them.
 */
export interface PolicyFiringStore {
  /** The policies' states for one app, by policy id. */
  statesOf(entityRef: string): Promise<Map<string, PolicyState>>;
  /**
   * Records a firing with its audit entry, promotion block, review
   * requirements and incident in one transaction; undefined when this
   * episode has fired already.
   */
  fire(firing: NewPolicyFiring): Promise<PolicyFiring | undefined>;
  /** The condition is false again: ends the episode and lifts its promotion block. */
  rearm(policyId: string, entityRef: string, at: string): Promise<void>;
  markActionsDone(firingId: number, at: string): Promise<void>;
  /** Firings whose after-commit actions were not done, fired before `firedBefore`. */
  firingsWithActionsPending(
    firedBefore: string,
    limit: number,
  ): Promise<PolicyFiring[]>;
  /** Newest first. */
  listFirings(filter: {
    policyId?: string;
    entityRef?: string;
    limit: number;
  }): Promise<PolicyFiring[]>;
  /** Up to `perPolicy` newest firings of each policy. */
  latestFiringsByPolicy(
    perPolicy: number,
  ): Promise<Map<string, PolicyFiring[]>>;
  /** The promotions that enforcing policies hold for an app. */
  promotionBlocks(entityRef: string): Promise<PromotionBlock[]>;
}
