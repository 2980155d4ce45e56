import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  microAppStewardDecision,
  type StewardDecisionOptions,
  type StewardGroups,
} from '@trellis/plugin-microapps-node';

/**
 * A permission policy for a portal whose only rules are Trellis's: the
 * steward decision for the microapps permissions (steward groups from
 * `microapps.stewards`), and every other permission allowed, as the
 * allow-all policy of a fresh Backstage app does. A portal with a policy of
 * its own calls `microAppStewardDecision` from it instead.
 *
 * @public
 */
export class MicroAppsPermissionPolicy implements PermissionPolicy {
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
