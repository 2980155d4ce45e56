import { createPermission } from '@backstage/plugin-permission-common';

/** The resource type of every MicroApp permission. @public */
export const MICROAPP_RESOURCE_TYPE = 'microapp';

/** Grant an approval badge to a MicroApp. @public */
export const microAppBadgeGrantPermission = createPermission({
  name: 'microapps.badge.grant',
  attributes: { action: 'update' },
  resourceType: MICROAPP_RESOURCE_TYPE,
});

/** Revoke an approval badge of a MicroApp. @public */
export const microAppBadgeRevokePermission = createPermission({
  name: 'microapps.badge.revoke',
  attributes: { action: 'update' },
  resourceType: MICROAPP_RESOURCE_TYPE,
});

/** Turn a MicroApp's kill switch on or off. @public */
export const microAppKillSwitchSetPermission = createPermission({
  name: 'microapps.killswitch.set',
  attributes: { action: 'update' },
  resourceType: MICROAPP_RESOURCE_TYPE,
});

/** Read the audit log. @public */
export const microAppAuditReadPermission = createPermission({
  name: 'microapps.audit.read',
  attributes: { action: 'read' },
});

/** Every permission the microapps plugin defines. @public */
export const microAppPermissions = [
  microAppBadgeGrantPermission,
  microAppBadgeRevokePermission,
  microAppKillSwitchSetPermission,
  microAppAuditReadPermission,
];
