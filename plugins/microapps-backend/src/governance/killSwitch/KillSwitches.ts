import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  type KillSwitchState,
  microAppKillSwitchEngagePermission,
  microAppKillSwitchReleasePermission,
  type StewardRole,
} from '@trellis/plugin-microapps-common';
import {
  type StewardGroups,
  stewardRolesOf,
} from '@trellis/plugin-microapps-node';
import { appKey, type GovernedApp } from '../../registry/governedApp';
import { resourceOf } from '../../registry/resourceOf';
import type { GovernanceStore, KillSwitch } from '../GovernanceStore';
import {
  type Actor,
  appAuditEntry,
  type GovernanceGuard,
} from '../GovernanceGuard';
import { governanceText } from '../governanceText';
import { releaseNeedsTwoStewards } from './twoStewardRelease';

export interface KillSwitchesOptions {
  store: Pick<
    GovernanceStore,
    'getKillSwitch' | 'setKillSwitch' | 'releaseKillSwitch'
  >;
  guard: GovernanceGuard;
  /** Groups of each steward role (`microapps.stewards`). */
  stewards: StewardGroups;
  /** Roles whose stewards may release any kill switch. */
  killSwitchStewardRoles: StewardRole[];
  /** Called after a switch changed in this replica. */
  onChanged?: () => void;
  /** Called after a steward's request to release a switch committed (the first of two keys). */
  onReleaseRequested?: (
    app: GovernedApp,
    requestedBy: string,
    reason: string,
  ) => void;
  /** Called after a switch was released; `requestedBy` when a second steward confirmed. */
  onReleased?: (
    app: GovernedApp,
    release: { releasedBy: string; requestedBy?: string },
  ) => void;
}

/**
 * Each app's kill switch, which model gateways poll. Owners and stewards
 * turn it on; who may turn it off depends on who turned it on.
 */
export class KillSwitches {
  constructor(private readonly options: KillSwitchesOptions) {}

  /**
   * The switch as callers see it. Given only an entity ref, without what the
   * app's manifest decides (whether two stewards must release it).
   */
  async get(app: GovernedApp | string): Promise<KillSwitchState> {
    const entityRef = typeof app === 'string' ? app : app.entityRef;
    return this.stateOf(
      entityRef,
      await this.options.store.getKillSwitch(entityRef),
      typeof app === 'string' ? undefined : app,
    );
  }

  /**
   * Engages (`enabled: true`) or releases the kill switch. Engaging needs
   * `microapps.killswitch.engage`; releasing needs
   * `microapps.killswitch.release`, decided on the switch as it is (who
   * engaged it), and refused if the switch changed before the release
   * committed. A switch that needs two stewards is released by the second:
   * the first call records a request and the switch stays on.
   */
  async set(
    app: GovernedApp,
    body: { enabled: boolean; reason: unknown },
    credentials: BackstageCredentials,
  ): Promise<KillSwitchState> {
    const { guard } = this.options;
    const reason = governanceText(body.reason, {
      field: 'reason',
      action: body.enabled
        ? 'turn the kill switch on'
        : 'turn the kill switch off',
    });
    const actor = await guard.actor(credentials);
    const stored = await this.options.store.getKillSwitch(app.entityRef);
    const before = this.stateOf(app.entityRef, stored, app);
    if (!body.enabled && !before.enabled) {
      throw new ConflictError(
        `The kill switch of ${app.entityRef} is already off`,
      );
    }
    await guard.requirePermission(
      body.enabled
        ? microAppKillSwitchEngagePermission
        : microAppKillSwitchReleasePermission,
      resourceOf(app, { killSwitch: before }),
      credentials,
      this.refusal(app, body.enabled, before),
    );
    if (!body.enabled) {
      return this.release(app, {
        actor,
        reason,
        expectedVersion: stored?.version,
      });
    }
    const isSteward =
      stewardRolesOf(actor.ownershipEntityRefs, this.options.stewards).length >
      0;
    const updatedAt = guard.now().toISOString();
    await this.options.store.setKillSwitch(
      {
        entityRef: app.entityRef,
        enabled: true,
        reason,
        updatedBy: actor.userEntityRef,
        updatedAt,
        engagedByRole: isSteward ? 'steward' : 'owner',
      },
      appAuditEntry('killswitch.enabled', actor, app, {
        comment: reason,
        occurredAt: updatedAt,
      }),
    );
    this.options.onChanged?.();
    return this.get(app);
  }

  /**
   * Releases the switch, or records the first steward's request when two
   * must agree; decided in the store's transaction on the switch as
   * committed, so two confirmations at once release it once.
   */
  private async release(
    app: GovernedApp,
    input: { actor: Actor; reason: string; expectedVersion?: number },
  ): Promise<KillSwitchState> {
    const { actor, reason } = input;
    const at = this.options.guard.now().toISOString();
    const result = await this.options.store.releaseKillSwitch({
      entityRef: app.entityRef,
      actor: actor.userEntityRef,
      reason,
      at,
      decide: current => {
        // A release was decided on the switch as it was read; if someone
        // engaged it again meanwhile, that decision no longer holds.
        if (current?.version !== input.expectedVersion) {
          throw new ConflictError(
            `The kill switch of ${app.entityRef} was changed by someone else at the same time; reload and try again`,
          );
        }
        if (!releaseNeedsTwoStewards(app, current)) return 'release';
        const request = current?.releaseRequest;
        if (!request) return 'request';
        if (request.requestedBy === actor.userEntityRef) {
          throw new ConflictError(
            `You asked to release the kill switch of ${app.entityRef} already; a second steward must confirm it`,
          );
        }
        return 'release';
      },
      audit: (decision, current) => {
        const entry = appAuditEntry(
          decision === 'request'
            ? 'killswitch.release-requested'
            : 'killswitch.disabled',
          actor,
          app,
          { comment: reason, occurredAt: at },
        );
        const request = current.releaseRequest;
        if (decision === 'request' || !request) return entry;
        return {
          ...entry,
          details: {
            ...entry.details,
            releaseRequestedBy: request.requestedBy,
            releaseRequestedAt: request.requestedAt,
          },
        };
      },
    });
    if (result.decision === 'request') {
      this.options.onReleaseRequested?.(app, actor.userEntityRef, reason);
    } else {
      this.options.onChanged?.();
      this.options.onReleased?.(app, {
        releasedBy: actor.userEntityRef,
        requestedBy: result.before.releaseRequest?.requestedBy,
      });
    }
    return this.get(app);
  }

  /** What a caller the policy refuses is told. */
  private refusal(
    app: GovernedApp,
    enabling: boolean,
    before: KillSwitchState,
  ): string {
    const stewards = this.stewardsWhoRelease();
    if (enabling) {
      return `turn on the kill switch of ${app.entityRef}: only its owners and the ${stewards} may`;
    }
    if (before.engagedByRole === 'owner') {
      return `turn off the kill switch of ${app.entityRef}: only its owners and the ${stewards} may`;
    }
    const engager = before.engagedByRole === 'policy' ? 'policy' : 'steward';
    return `turn off the kill switch of ${app.entityRef}: a ${engager} turned it on, so only the ${stewards} may turn it off`;
  }

  private stateOf(
    entityRef: string,
    stored: KillSwitch | undefined,
    app: GovernedApp | undefined,
  ): KillSwitchState {
    if (!stored) return { entityRef: appKey(entityRef), enabled: false };
    const {
      version: _version,
      releaseRequest,
      engagedByRole,
      ...state
    } = stored;
    if (!stored.enabled) return state;
    const twoStewards = app ? releaseNeedsTwoStewards(app, stored) : false;
    return {
      ...state,
      engagedByRole,
      releasableBy:
        stored.engagedByRole === 'owner' ? 'owners-or-stewards' : 'stewards',
      releaseStewardRoles: this.options.killSwitchStewardRoles,
      ...(twoStewards && { releaseNeedsTwoStewards: true }),
      ...(twoStewards && releaseRequest && { releaseRequest }),
    };
  }

  private stewardsWhoRelease(): string {
    const roles = this.options.killSwitchStewardRoles;
    return `${roles.join(' or ')} steward${roles.length === 1 ? '' : 's'}`;
  }
}
