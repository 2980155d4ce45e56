import type { StewardRole } from '@trellis/plugin-microapps-common';
import type { StewardGroups } from '@trellis/plugin-microapps-node';
import type { GovernanceStore } from '../../governance/GovernanceStore';
import type { GovernanceNotifier } from '../../governance/notifications/GovernanceNotifier';
import type { GovernedApp } from '../../registry/governedApp';
import type { CompiledPolicy } from '../compilePolicy';
import type { PolicyAction } from '../policyPackSchema';
import type { PolicyFiring } from './PolicyFiringStore';
import { describeAction, describeValues } from './policyActionText';

const NOTICE_SEVERITY = {
  critical: 'critical',
  high: 'high',
  medium: 'normal',
  low: 'low',
} as const;

/** What an enforcing firing does after its commit. */
export interface PolicyActions {
  /** Engages the app's kill switch (audited by the store) if the policy says so. */
  engageKillSwitch(
    firing: PolicyFiring,
    app: GovernedApp,
    policy: CompiledPolicy,
  ): Promise<void>;
  /** Sends one notice to everyone the policy names. */
  notify(
    firing: PolicyFiring,
    app: GovernedApp,
    policy: CompiledPolicy,
  ): Promise<void>;
}

/**
 * The actions of an enforcing firing that follow its commit. Both are safe
 * to repeat: an engaged policy switch is left alone and the notice is keyed
 * by the firing.
 */
export function createPolicyActions(options: {
  killSwitches: Pick<GovernanceStore, 'getKillSwitch' | 'setKillSwitch'>;
  notifier: Pick<GovernanceNotifier, 'policyFired'>;
  stewards: StewardGroups;
  onKillSwitchEngaged?: () => void;
}): PolicyActions {
  const engageKillSwitch = async (
    firing: PolicyFiring,
    app: GovernedApp,
    policy: CompiledPolicy,
  ) => {
    if (!policy.actions.some(action => action.type === 'kill-switch')) return;
    const current = await options.killSwitches.getKillSwitch(app.entityRef);
    if (current?.enabled && current.engagedByRole === 'policy') return;
    const actor = `policy:${policy.id}`;
    const reason = `Policy ${policy.id}: ${policy.title}`;
    await options.killSwitches.setKillSwitch(
      {
        entityRef: app.entityRef,
        enabled: true,
        reason,
        updatedBy: actor,
        updatedAt: new Date().toISOString(),
        engagedByRole: 'policy',
      },
      {
        occurredAt: new Date().toISOString(),
        actor,
        action: 'killswitch.enabled',
        entityRef: app.entityRef,
        digest: app.digest,
        comment: reason,
        details: { policyId: policy.id, firingId: firing.id },
      },
    );
    options.onKillSwitchEngaged?.();
  };
  const notify = (
    firing: PolicyFiring,
    app: GovernedApp,
    policy: CompiledPolicy,
  ) =>
    options.notifier.policyFired(app, {
      firingId: firing.id,
      policyId: policy.id,
      recipients: recipientsOf(policy.actions, app, options.stewards),
      title: `${policy.title}: ${
        app.entity.metadata.title ?? app.entity.metadata.name
      }`,
      description: `Policy ${policy.id} fired (${describeValues(
        firing.values,
      )}). ${policy.actions
        .filter(action => action.type !== 'notify')
        .map(describeAction)
        .join('. ')}`.trim(),
      severity: NOTICE_SEVERITY[policy.severity],
    });
  return { engageKillSwitch, notify };
}

/** The entity refs a policy's `notify` actions name, for this app. */
export function recipientsOf(
  actions: readonly PolicyAction[],
  app: GovernedApp,
  stewards: StewardGroups,
): string[] {
  const refs = new Set<string>();
  for (const action of actions) {
    if (action.type !== 'notify') continue;
    if (action.to === 'owners') refs.add(app.owner);
    else if (action.to.startsWith('stewards:')) {
      const role = action.to.slice('stewards:'.length) as StewardRole;
      for (const group of stewards[role] ?? []) refs.add(group);
    } else {
      const name = action.to.slice('group:'.length);
      refs.add(
        `group:${
          name.includes('/') ? name : `default/${name}`
        }`.toLocaleLowerCase('en-US'),
      );
    }
  }
  return [...refs];
}
