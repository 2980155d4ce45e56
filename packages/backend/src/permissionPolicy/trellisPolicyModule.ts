import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  microAppStewardDecision,
  readKillSwitchStewardRoles,
  readStewardGroups,
  type StewardDecisionOptions,
  type StewardGroups,
} from '@trellis/plugin-microapps-backend';

/**
 * The example portal's policy: Trellis's steward rules for the microapps
 * permissions (steward groups from `microapps.stewards`, kill-switch steward
 * roles from `microapps.killSwitch.stewardRoles`), everything else allowed,
 * as in a fresh Backstage app.
 */
export class TrellisExamplePolicy implements PermissionPolicy {
  constructor(
    private readonly stewards: StewardGroups,
    private readonly options: StewardDecisionOptions = {},
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return (
      microAppStewardDecision(request, user, this.stewards, this.options) ?? {
        result: AuthorizeResult.ALLOW,
      }
    );
  }
}

export const trellisPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'trellis-example-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new TrellisExamplePolicy(readStewardGroups(config), {
            killSwitchStewardRoles: readKillSwitchStewardRoles(config),
          }),
        );
      },
    });
  },
});
