import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  microAppAuditReadPermission,
  microAppBadgeGrantPermission,
  microAppIncidentsManagePermission,
  microAppIncidentsReadPermission,
  microAppKillSwitchReleasePermission,
  microAppReadPermission,
} from '@trellis/plugin-microapps-common';
import { MicroAppsPermissionPolicy } from './MicroAppsPermissionPolicy';

const policy = new MicroAppsPermissionPolicy({
  security: ['group:default/security-stewards'],
  compliance: ['group:default/compliance-stewards'],
});

/** A signed-in user who is a member of the given groups. */
function userIn(...groups: string[]): PolicyQueryUser {
  const userEntityRef = 'user:default/ada';
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groups] },
  };
}

const someoneElse = userIn('group:default/finance-ops');
const securitySteward = userIn('group:default/Security-Stewards');

describe('MicroAppsPermissionPolicy', () => {
  it('lets every signed-in user read apps, and only stewards read the audit log', async () => {
    const read = { permission: microAppReadPermission };
    const audit = { permission: microAppAuditReadPermission };
    expect(await policy.handle(read, someoneElse)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await policy.handle(audit, someoneElse)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle(audit, securitySteward)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it("lets a steward grant only the badges of the steward's role, and nobody else any", async () => {
    const grant = { permission: microAppBadgeGrantPermission };
    expect(await policy.handle(grant, someoneElse)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle(grant, undefined)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle(grant, securitySteward)).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        rule: 'IS_BADGE',
        params: { badges: ['security-review'] },
      },
    });
  });

  it('lets owners release only a kill switch their team engaged', async () => {
    const release = { permission: microAppKillSwitchReleasePermission };
    expect(await policy.handle(release, someoneElse)).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        allOf: [
          { rule: 'IS_MICROAPP_OWNER' },
          { rule: 'KILL_SWITCH_ENGAGED_BY', params: { engagers: ['owner'] } },
        ],
      },
    });
    expect(await policy.handle(release, securitySteward)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it("lets stewards of any role read and manage incidents, and others only their own app's", async () => {
    for (const permission of [
      microAppIncidentsReadPermission,
      microAppIncidentsManagePermission,
    ]) {
      expect(await policy.handle({ permission }, securitySteward)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
      expect(await policy.handle({ permission }, someoneElse)).toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
        conditions: { rule: 'IS_MICROAPP_OWNER' },
      });
    }
  });

  it('allows every permission that is not a microapps one, as a fresh portal does', async () => {
    const catalogDelete = createPermission({
      name: 'catalog.entity.delete',
      attributes: { action: 'delete' },
    });
    expect(
      await policy.handle({ permission: catalogDelete }, someoneElse),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
