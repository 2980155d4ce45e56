import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { microAppBadgeGrantPermission } from '@trellis/plugin-microapps-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import { permissionModuleMicroAppsPolicy } from './module';

describe('permissionModuleMicroAppsPolicy', () => {
  it('installs the steward decision with the stewards of the config', async () => {
    let installed: PermissionPolicy | undefined;
    await startTestBackend({
      extensionPoints: [
        [policyExtensionPoint, { setPolicy: policy => (installed = policy) }],
      ],
      features: [
        permissionModuleMicroAppsPolicy,
        mockServices.rootConfig.factory({
          data: {
            microapps: {
              stewards: { compliance: ['group:default/compliance-stewards'] },
            },
          },
        }),
      ],
    });
    const steward = {
      credentials: mockCredentials.user('user:default/grace'),
      info: {
        userEntityRef: 'user:default/grace',
        ownershipEntityRefs: ['group:default/compliance-stewards'],
      },
    };
    expect(
      await installed?.handle(
        { permission: microAppBadgeGrantPermission },
        steward,
      ),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { badges: ['compliance-review'] } },
    });
  });

  it('refuses to start on a kill-switch steward role that does not exist', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [[policyExtensionPoint, { setPolicy: () => {} }]],
        features: [
          permissionModuleMicroAppsPolicy,
          mockServices.rootConfig.factory({
            data: { microapps: { killSwitch: { stewardRoles: ['janitor'] } } },
          }),
        ],
      }),
    ).rejects.toThrow(
      'microapps.killSwitch.stewardRoles[0] must list steward roles (security, compliance, executive, platform), got "janitor"',
    );
  });
});
