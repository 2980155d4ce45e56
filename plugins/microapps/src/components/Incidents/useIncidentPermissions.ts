import { usePermission } from '@backstage/plugin-permission-react';
import {
  microAppIncidentsManagePermission,
  microAppPoliciesReadPermission,
} from '@trellis/plugin-microapps-common';

/**
 * What the viewer may do with an app's incidents: owners and stewards
 * manage them (notes, mitigated, reopen); only stewards close one, and a
 * steward is whoever may read the policies (stewards of any role).
 */
export function useIncidentPermissions(entityRef: string) {
  const manage = usePermission({
    permission: microAppIncidentsManagePermission,
    resourceRef: entityRef,
  });
  const steward = usePermission({ permission: microAppPoliciesReadPermission });
  return {
    loading: manage.loading || steward.loading,
    canManage: manage.allowed,
    canClose: manage.allowed && steward.allowed,
  };
}
