import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import {
  type BadgeId,
  VIOLATION_TYPES,
  type ViolationType,
} from '@trellis/plugin-microapps-common';
import type { Knex } from 'knex';
import type { GovernedApp } from '../../registry/governedApp';
import type { CompiledPolicy } from '../compilePolicy';
import { evaluatePolicies } from '../PolicyEvaluator';
import type { PolicyInput } from '../policyInput';
import {
  type InputNeeds,
  inputNeedsOf,
  type PolicyInputBuilder,
} from '../policyInputs';
import type {
  NewPolicyFiring,
  PolicyFiring,
  PolicyFiringStore,
} from './PolicyFiringStore';
import { describeAction, describeValues } from './policyActionText';

/** Trace ids kept with an incident's firing. */
const MAX_TRACE_IDS = 50;
/** Apps one ingest request evaluates; any others wait for the schedule. */
export const MAX_APPS_PER_INGEST = 50;

/** What an enforcing firing hands the incident it opens or extends. */
export interface FiringForIncident {
  entityRef: string;
  policyId: string;
  policyTitle: string;
  severity: CompiledPolicy['severity'];
  firingId: number;
  occurredAt: string;
  values: JsonObject;
  traceIds: string[];
  actions: string[];
}

export interface PolicyEngineOptions {
  policies: () => Promise<readonly CompiledPolicy[]>;
  inputOf: PolicyInputBuilder;
  /** Every registered app, for the schedule. */
  listApps: () => Promise<GovernedApp[]>;
  /** A registered app by lower-case ref. */
  findApp: () => Promise<(entityRef: string) => GovernedApp | undefined>;
  store: PolicyFiringStore;
  /** Trace ids of the app's violations of these types since `from`, newest first. */
  traceIdsOf: (
    entityRef: string,
    types: readonly ViolationType[],
    from: Date,
    limit: number,
  ) => Promise<string[]>;
  /** Opens or extends the app's incident inside the firing's transaction. */
  openIncident?: (
    tx: Knex.Transaction,
    firing: FiringForIncident,
  ) => Promise<number>;
  /** The actions that follow the commit: the kill switch and the notice. */
  carryOut: (
    firing: PolicyFiring,
    app: GovernedApp,
    policy: CompiledPolicy,
  ) => Promise<void>;
  logger: LoggerService;
  now?: () => Date;
}

/**
 * Evaluates the policies for apps and acts on the ones that fire. A policy
 * fires when its condition becomes true for an app and not again until it
 * has been false (the store keeps that state, so replicas agree). An
 * enforcing firing is audited, holds promotion and asks for reviews in one
 * transaction with its incident, then engages the kill switch and sends one
 * notice; a dry-run firing is audited with what it would have done.
 */
export class PolicyEngine {
  private readonly now: () => Date;
  /** Per app: the ingest evaluation under way in this replica, and the one waiting for it. */
  private readonly ingestQueue = new Map<
    string,
    { running: Promise<void>; next?: Promise<void> }
  >();

  constructor(private readonly options: PolicyEngineOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** After an ingest request: the apps whose spans carried violations. */
  async afterIngest(entityRefs: readonly string[]): Promise<void> {
    if (entityRefs.length === 0) return;
    try {
      // Violations are what an ingest request can change in a moment; the
      // rest (cost, errors, staleness) is left to the schedule.
      const policies = (await this.options.policies()).filter(
        policy => inputNeedsOf(policy.references).violations,
      );
      if (policies.length === 0) return;
      const find = await this.options.findApp();
      const refs = [
        ...new Set(entityRefs.map(ref => ref.toLocaleLowerCase('en-US'))),
      ].slice(0, MAX_APPS_PER_INGEST);
      await Promise.all(
        refs.map(ref => {
          const app = find(ref);
          return app
            ? this.coalesced(ref, () =>
                this.evaluateSafely(app, policies, 'ingest'),
              )
            : undefined;
        }),
      );
    } catch (error) {
      // What was ingested is committed: the exporter must not retry it.
      this.options.logger.error(
        `Could not evaluate the policies on ingest: ${error}`,
      );
    }
  }

  /**
   * Runs `evaluation` for the app once no other evaluation of it is under
   * way in this replica. Requests that arrive meanwhile share one run that
   * starts after the current one, so each waits for an evaluation that
   * began after its own spans were committed, and a burst of requests for
   * one app costs two evaluations, not one per request.
   */
  private coalesced(
    ref: string,
    evaluation: () => Promise<void>,
  ): Promise<void> {
    const current = this.ingestQueue.get(ref);
    if (current?.next) return current.next;
    const queue = current ?? { running: Promise.resolve() };
    const run: Promise<void> = queue.running.then(async () => {
      if (queue.next === run) {
        queue.next = undefined;
        queue.running = run;
      }
      try {
        await evaluation();
      } finally {
        if (!queue.next && this.ingestQueue.get(ref) === queue) {
          this.ingestQueue.delete(ref);
        }
      }
    });
    if (current) {
      queue.next = run;
    } else {
      queue.running = run;
      this.ingestQueue.set(ref, queue);
    }
    return run;
  }

  /** The scheduled pass over every app. */
  async evaluateAll(): Promise<void> {
    const policies = await this.options.policies();
    if (policies.length === 0) return;
    for (const app of await this.options.listApps()) {
      await this.evaluateSafely(app, policies, 'schedule');
    }
  }

  /**
   * Carries out the after-commit actions of firings whose replica stopped
   * before it had done them (they are safe to repeat).
   */
  async finishPendingActions(): Promise<void> {
    const before = new Date(this.now().getTime() - 2 * 60_000).toISOString();
    const pending = await this.options.store.firingsWithActionsPending(
      before,
      100,
    );
    if (pending.length === 0) return;
    const [policies, find] = await Promise.all([
      this.options.policies(),
      this.options.findApp(),
    ]);
    for (const firing of pending) {
      const app = find(firing.entityRef);
      const policy = policies.find(p => p.id === firing.policyId);
      if (app && policy) {
        await this.options.carryOut(firing, app, {
          ...policy,
          actions: firing.actions,
        });
      }
      await this.options.store.markActionsDone(
        firing.id,
        this.now().toISOString(),
      );
    }
  }

  /** Evaluates every policy for one app and records what fired; returns the new firings. */
  async evaluate(
    app: GovernedApp,
    policies: readonly CompiledPolicy[],
    trigger: PolicyFiring['trigger'],
  ): Promise<PolicyFiring[]> {
    const { store } = this.options;
    const states = await store.statesOf(app.entityRef);
    const inputs = inputsByWindow(app, policies, this.options.inputOf);
    const fired: PolicyFiring[] = [];
    for (const policy of policies) {
      const input = inputs.get(policy.windowSeconds)!;
      const [decision] = evaluatePolicies([policy], await input);
      if (decision.error) continue;
      const active = states.get(policy.id)?.active ?? false;
      if (!decision.fired) {
        if (active) {
          await store.rearm(policy.id, app.entityRef, this.now().toISOString());
        }
        continue;
      }
      if (active) continue;
      const firing = await this.fire(app, policy, decision.values, trigger);
      if (firing) fired.push(firing);
    }
    return fired;
  }

  private async evaluateSafely(
    app: GovernedApp,
    policies: readonly CompiledPolicy[],
    trigger: PolicyFiring['trigger'],
  ) {
    try {
      await this.evaluate(app, policies, trigger);
    } catch (error) {
      this.options.logger.error(
        `Could not evaluate the policies for ${app.entityRef}: ${error}`,
      );
    }
  }

  private async fire(
    app: GovernedApp,
    policy: CompiledPolicy,
    rawValues: Record<string, unknown>,
    trigger: PolicyFiring['trigger'],
  ): Promise<PolicyFiring | undefined> {
    const now = this.now();
    const firedAt = now.toISOString();
    const enforce = policy.mode === 'enforce';
    const values = JSON.parse(
      JSON.stringify(rawValues, jsonSafe),
    ) as JsonObject;
    const sentences = policy.actions.map(describeAction);
    const traceIds = enforce
      ? await this.options.traceIdsOf(
          app.entityRef,
          violationTypesRead(policy),
          new Date(now.getTime() - policy.windowSeconds * 1000),
          MAX_TRACE_IDS,
        )
      : [];
    const reviewBadges = policy.actions.flatMap(action =>
      action.type === 'require-review' ? action.badges : [],
    ) as BadgeId[];
    const blocks = policy.actions.some(a => a.type === 'block-promotion');
    const { openIncident } = this.options;
    const firing = await this.options.store.fire({
      policyId: policy.id,
      entityRef: app.entityRef,
      firedAt,
      mode: policy.mode,
      severity: policy.severity,
      title: policy.title,
      trigger,
      values,
      actions: policy.actions,
      blockReason:
        enforce && blocks
          ? `${policy.title} (${describeValues(rawValues)})`
          : undefined,
      reviewBadges: enforce && reviewBadges.length ? reviewBadges : undefined,
      audit: firingAudit(app, policy, {
        firedAt,
        trigger,
        values,
        sentences,
        traceIds,
      }),
      withinTransaction:
        enforce && openIncident
          ? (tx, firingId) =>
              openIncident(tx, {
                entityRef: app.entityRef,
                policyId: policy.id,
                policyTitle: policy.title,
                severity: policy.severity,
                firingId,
                occurredAt: firedAt,
                values,
                traceIds,
                actions: sentences,
              })
          : undefined,
    });
    if (!firing) return undefined;
    if (enforce) {
      await this.options.carryOut(firing, app, policy);
      await this.options.store.markActionsDone(
        firing.id,
        this.now().toISOString(),
      );
    }
    return firing;
  }
}

/** The firing's entry in the audit chain: the policy, the values that fired it, and what was done or would have been. */
function firingAudit(
  app: GovernedApp,
  policy: CompiledPolicy,
  firing: {
    firedAt: string;
    trigger: PolicyFiring['trigger'];
    values: JsonObject;
    sentences: string[];
    traceIds: string[];
  },
): NewPolicyFiring['audit'] {
  const enforce = policy.mode === 'enforce';
  return {
    occurredAt: firing.firedAt,
    actor: `policy:${policy.id}`,
    action: enforce ? 'policy.fired' : 'policy.dry-run',
    entityRef: app.entityRef,
    digest: app.digest,
    comment: policy.title,
    details: {
      policyId: policy.id,
      mode: policy.mode,
      severity: policy.severity,
      location: policy.location,
      trigger: firing.trigger,
      values: firing.values,
      [enforce ? 'actions' : 'wouldHave']: firing.sentences,
      ...(firing.traceIds.length ? { traceIds: firing.traceIds } : {}),
    },
  };
}

/**
 * One input per distinct window, each read from the sources that the
 * policies of that window read (started together).
 */
function inputsByWindow(
  app: GovernedApp,
  policies: readonly CompiledPolicy[],
  inputOf: PolicyInputBuilder,
): Map<number, Promise<PolicyInput>> {
  const needs = new Map<number, InputNeeds>();
  for (const policy of policies) {
    const own = inputNeedsOf(policy.references);
    const seen = needs.get(policy.windowSeconds);
    needs.set(
      policy.windowSeconds,
      seen
        ? {
            violations: seen.violations || own.violations,
            usage: seen.usage || own.usage,
            approvals: seen.approvals || own.approvals,
            killSwitch: seen.killSwitch || own.killSwitch,
          }
        : own,
    );
  }
  const inputs = new Map<number, Promise<PolicyInput>>();
  for (const [windowSeconds, need] of needs) {
    const input = inputOf(app, windowSeconds, need);
    // Awaited in policy order; a failure is reported there, not as unhandled.
    input.catch(() => undefined);
    inputs.set(windowSeconds, input);
  }
  return inputs;
}

/** The violation types `when` reads; every type when it reads the whole map. */
function violationTypesRead(policy: CompiledPolicy): ViolationType[] {
  const named = policy.references.flatMap(reference => {
    const match = /^window\.violations\["([a-z_]+)"\]$/.exec(reference);
    return match ? [match[1] as ViolationType] : [];
  });
  return named.length ? named : [...VIOLATION_TYPES];
}

/** CEL ints arrive as bigints; JSON has no bigints. */
function jsonSafe(_key: string, value: unknown) {
  return typeof value === 'bigint' ? Number(value) : value ?? null;
}
