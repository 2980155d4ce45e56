/**
 * A permission policy module for portals whose only permission rules are
 * Trellis's: the steward decision for the microapps permissions, everything
 * else allowed. It replaces `@backstage/plugin-permission-backend-module-allow-all-policy`.
 *
 * @packageDocumentation
 */
export { permissionModuleMicroAppsPolicy as default } from './module';
export { MicroAppsPermissionPolicy } from './MicroAppsPermissionPolicy';
