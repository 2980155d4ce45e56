import { useApi } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  BADGE_IDS,
  type BadgeId,
  microAppBadgeGrantPermission,
  microAppBadgeRevokePermission,
} from '@trellis/plugin-microapps-common';
import useAsync from 'react-use/esm/useAsync';

export type BadgePermissions = Record<
  BadgeId,
  { grant: boolean; revoke: boolean }
>;

const NONE = Object.fromEntries(
  BADGE_IDS.map(badge => [badge, { grant: false, revoke: false }]),
) as BadgePermissions;

/**
 * Which badges of the app the signed-in user may grant and revoke. Each
 * badge is asked for as `<entityRef>#<badge>`, so that policies deciding per
 * badge (security stewards grant the security review, …) answer per badge.
 */
export function useBadgePermissions(entityRef: string): {
  loading: boolean;
  permissions: BadgePermissions;
} {
  const permissionApi = useApi(permissionApiRef);
  const { value, loading } = useAsync(async () => {
    const ask = async (
      permission: typeof microAppBadgeGrantPermission,
      badge: BadgeId,
    ) =>
      (
        await permissionApi.authorize({
          permission,
          resourceRef: `${entityRef}#${badge}`,
        })
      ).result === AuthorizeResult.ALLOW;
    const answers = await Promise.all(
      BADGE_IDS.map(async badge => {
        const [grant, revoke] = await Promise.all([
          ask(microAppBadgeGrantPermission, badge),
          ask(microAppBadgeRevokePermission, badge),
        ]);
        return [badge, { grant, revoke }] as const;
      }),
    );
    return Object.fromEntries(answers) as BadgePermissions;
  }, [permissionApi, entityRef]);
  return { loading, permissions: value ?? NONE };
}
