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
  readStewardGroups,
  type StewardGroups,
} from '@trellis/plugin-microapps-backend';

/**
 * The example portal's policy: Trellis's steward rules for the microapps
 * permissions (steward groups from `microapps.stewards`), everything else
 * allowed, as in a fresh Backstage app.
 */
export class TrellisExamplePolicy implements PermissionPolicy {
  constructor(private readonly stewards: StewardGroups) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return (
      microAppStewardDecision(request, user, this.stewards) ?? {
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
        policy.setPolicy(new TrellisExamplePolicy(readStewardGroups(config)));
      },
    });
  },
});
