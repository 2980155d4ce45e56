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
import { appAuditEntry, type GovernanceGuard } from '../GovernanceGuard';
import { governanceText } from '../governanceText';

export interface KillSwitchesOptions {
  store: Pick<GovernanceStore, 'getKillSwitch' | 'setKillSwitch'>;
  guard: GovernanceGuard;
  /** Groups of each steward role (`microapps.stewards`). */
  stewards: StewardGroups;
  /** Roles whose stewards may release any kill switch. */
  killSwitchStewardRoles: StewardRole[];
  /** Called after a switch changed in this replica. */
  onChanged?: () => void;
}

/**
 * Each app's kill switch, which model gateways poll. Owners and stewards
 * turn it on; who may turn it off depends on who turned it on.
 */
export class KillSwitches {
  constructor(private readonly options: KillSwitchesOptions) {}

  async get(entityRef: string): Promise<KillSwitchState> {
    return this.stateOf(
      entityRef,
      await this.options.store.getKillSwitch(entityRef),
    );
  }

  /**
   * Engages (`enabled: true`) or releases the kill switch. Engaging needs
   * `microapps.killswitch.engage`; releasing needs
   * `microapps.killswitch.release`, decided on the switch as it is (who
   * engaged it), and refused if the switch changed before the release
   * committed.
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
    const before = this.stateOf(app.entityRef, stored);
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
    const isSteward =
      stewardRolesOf(actor.ownershipEntityRefs, this.options.stewards).length >
      0;
    const updatedAt = guard.now().toISOString();
    await this.options.store.setKillSwitch(
      {
        entityRef: app.entityRef,
        enabled: body.enabled,
        reason,
        updatedBy: actor.userEntityRef,
        updatedAt,
        engagedByRole: isSteward ? 'steward' : 'owner',
        verify: current => {
          // A release was decided on the switch as it was read; if someone
          // engaged it again meanwhile, that decision no longer holds.
          if (!body.enabled && current?.version !== stored?.version) {
            throw new ConflictError(
              `The kill switch of ${app.entityRef} was changed by someone else at the same time; reload and try again`,
            );
          }
        },
      },
      appAuditEntry(
        body.enabled ? 'killswitch.enabled' : 'killswitch.disabled',
        actor,
        app,
        { comment: reason, occurredAt: updatedAt },
      ),
    );
    this.options.onChanged?.();
    return this.get(app.entityRef);
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
  ): KillSwitchState {
    if (!stored) return { entityRef: appKey(entityRef), enabled: false };
    const { version: _version, ...state } = stored;
    if (!stored.enabled) {
      const { engagedByRole: _role, ...off } = state;
      return off;
    }
    return {
      ...state,
      releasableBy:
        stored.engagedByRole === 'owner' ? 'owners-or-stewards' : 'stewards',
      releaseStewardRoles: this.options.killSwitchStewardRoles,
    };
  }

  private stewardsWhoRelease(): string {
    const roles = this.options.killSwitchStewardRoles;
    return `${roles.join(' or ')} steward${roles.length === 1 ? '' : 's'}`;
  }
}
