import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import {
  type BadgeId,
  type ViolationType,
} from '@trellis/plugin-microapps-common';
import type { Knex } from 'knex';
import type { GovernedApp } from '../../registry/governedApp';
import type { CompiledPolicy } from '../compilePolicy';
import { decidedByAppAlone, evaluatePolicies } from '../PolicyEvaluator';
import type { PolicyInput } from '../policyInput';
import { inputNeedsOf, type PolicyInputBuilder } from '../policyInputs';
import { firingAudit, jsonSafe } from './firingAudit';
import type { PolicyFiring, PolicyFiringStore } from './PolicyFiringStore';
import { CoalescedRuns } from './coalescedRuns';
import type { PolicyActions } from './policyActions';
import { describeAction, describeValues } from './policyActionText';
import { inputsByWindow, violationTypesRead } from './policyReads';

/** Trace ids kept with an incident's firing. */
const MAX_TRACE_IDS = 50;
/** Apps one ingest request evaluates; any others wait for the schedule. */
export const MAX_APPS_PER_INGEST = 50;
/**
 * How long a replica trusts what it last read of a policy being active
 * (fired, not re-armed) for an app: ingest skips such a policy (it cannot
 * fire again until re-armed, and re-arming is also the schedule's job).
 */
const ACTIVE_KNOWN_MS = 30_000;

const activeKey = (policyId: string, app: GovernedApp) =>
  `${policyId}\u0000${app.entityRef.toLocaleLowerCase('en-US')}`;

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
  /** The app's manifest fields of the input, read from nothing but the app. */
  manifestOf?: (app: GovernedApp) => Partial<PolicyInput['app']>;
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
  actions: PolicyActions;
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
  private readonly ingestRuns = new CoalescedRuns();
  /** `policy id \0 app ref` → until when this replica knows it is active. */
  private readonly knownActive = new Map<string, number>();
  /** Per app and policy: what the manifest alone answers (see `answerOfManifest`). */
  private readonly manifestAnswers = new WeakMap<
    GovernedApp,
    WeakMap<CompiledPolicy, boolean | undefined>
  >();
  /** After-commit actions of ingest firings whose requests were answered before their notice. */
  private readonly actionsInFlight = new Set<Promise<void>>();

  constructor(private readonly options: PolicyEngineOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * After an ingest request: for each app whose spans carried violations,
   * the policies that can fire because of them. A policy is left to the
   * schedule (what else it reads changes with time) when it reads none of
   * the violation types the request carried for the app, when the app's
   * manifest alone makes it false, or when it is known to be active.
   */
  async afterIngest(
    apps: ReadonlyArray<{
      entityRef: string;
      types: readonly ViolationType[];
    }>,
  ): Promise<void> {
    if (apps.length === 0) return;
    try {
      const policies = (await this.options.policies()).filter(
        policy => inputNeedsOf(policy.references).violations,
      );
      if (policies.length === 0) return;
      const find = await this.options.findApp();
      await Promise.all(
        apps.slice(0, MAX_APPS_PER_INGEST).map(({ entityRef, types }) => {
          const ref = entityRef.toLocaleLowerCase('en-US');
          const app = find(ref);
          if (!app) return undefined;
          const concerned = this.concernedOnIngest(app, policies, types);
          if (concerned.length === 0) return undefined;
          const key = `${ref}\u0000${concerned.map(p => p.id).join('\u0000')}`;
          return this.ingestRuns.run(key, () =>
            this.evaluateSafely(app, concerned, 'ingest'),
          );
        }),
      );
    } catch (error) {
      // What was ingested is committed: the exporter must not retry it.
      this.options.logger.error(
        `Could not evaluate the policies on ingest: ${error}`,
      );
    }
  }

  private concernedOnIngest(
    app: GovernedApp,
    policies: readonly CompiledPolicy[],
    types: readonly ViolationType[],
  ): CompiledPolicy[] {
    const now = this.now().getTime();
    return policies.filter(
      policy =>
        violationTypesRead(policy).some(type => types.includes(type)) &&
        this.answerOfManifest(app, policy) !== false &&
        !(this.knownActive.get(activeKey(policy.id, app))! > now),
    );
  }

  /**
   * What the app's manifest alone answers for the policy, worked out once
   * per app and policy: the registry and the loader replace an app or a
   * policy that changes, never edit it, so the objects are the keys.
   */
  private answerOfManifest(
    app: GovernedApp,
    policy: CompiledPolicy,
  ): boolean | undefined {
    let answers = this.manifestAnswers.get(app);
    if (!answers) {
      answers = new WeakMap();
      this.manifestAnswers.set(app, answers);
    }
    if (!answers.has(policy)) {
      const manifest = this.options.manifestOf?.(app);
      answers.set(policy, manifest && decidedByAppAlone(policy, manifest));
    }
    return answers.get(policy);
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
        const recorded = { ...policy, actions: firing.actions };
        await this.carryOut(firing, app, recorded, 'schedule');
      } else {
        await this.options.store.markActionsDone(
          firing.id,
          this.now().toISOString(),
        );
      }
    }
  }

  /** Resolves once the notices that ingest requests did not wait for are sent. */
  async actionsSettled(): Promise<void> {
    await Promise.all(this.actionsInFlight);
  }

  /**
   * Evaluates every policy for one app and records what fired; returns the
   * new firings. On the schedule it reads which policies are active and
   * re-arms those whose condition is false. On ingest it reads no state:
   * what is false is left to the schedule to re-arm, and what is true is
   * offered to the store, which refuses it inside the firing's transaction
   * when the policy is already active.
   */
  async evaluate(
    app: GovernedApp,
    policies: readonly CompiledPolicy[],
    trigger: PolicyFiring['trigger'],
  ): Promise<PolicyFiring[]> {
    const { store } = this.options;
    const states =
      trigger === 'schedule' ? await store.statesOf(app.entityRef) : undefined;
    const inputs = inputsByWindow(app, policies, this.options.inputOf);
    const fired: PolicyFiring[] = [];
    for (const policy of policies) {
      const input = inputs.get(policy.windowSeconds)!;
      const [decision] = evaluatePolicies([policy], await input);
      if (decision.error) continue;
      const key = activeKey(policy.id, app);
      const active = states?.get(policy.id)?.active ?? false;
      if (!decision.fired) {
        this.knownActive.delete(key);
        if (active) {
          await store.rearm(policy.id, app.entityRef, this.now().toISOString());
        }
        continue;
      }
      // Active now, whether it was already or fires here (or another
      // replica's firing of the same trigger wins).
      this.knownActive.set(key, this.now().getTime() + ACTIVE_KNOWN_MS);
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
    if (enforce) await this.carryOut(firing, app, policy, trigger);
    return firing;
  }

  /**
   * An enforcing firing's actions after its commit, side by side, marked
   * done once both are. The caller hears back after the kill switch; an
   * ingest request does not wait for the notice, so that a notifications
   * backend that is slow or down never holds an exporter.
   */
  private async carryOut(
    firing: PolicyFiring,
    app: GovernedApp,
    policy: CompiledPolicy,
    trigger: PolicyFiring['trigger'],
  ): Promise<void> {
    const { actions, store, logger } = this.options;
    const engaged = actions.engageKillSwitch(firing, app, policy);
    const finished = Promise.all([
      engaged,
      actions.notify(firing, app, policy),
    ]).then(() => store.markActionsDone(firing.id, this.now().toISOString()));
    if (trigger !== 'ingest') {
      await finished;
      return;
    }
    const inFlight: Promise<void> = finished
      .catch(error =>
        logger.error(
          `Could not carry out the actions of policy firing ${firing.id}: ${error}`,
        ),
      )
      .finally(() => this.actionsInFlight.delete(inFlight));
    this.actionsInFlight.add(inFlight);
    await engaged;
  }
}
