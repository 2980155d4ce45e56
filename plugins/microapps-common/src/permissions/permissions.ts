import { createPermission } from '@backstage/plugin-permission-common';

/** The resource type of every MicroApp resource permission. @public */
export const MICROAPP_RESOURCE_TYPE = 'microapp';

/**
 * See a MicroApp: its marketplace entry, detail, gate, kill switch, badges
 * and, with the cost and violation permissions, its figures. Trellis also
 * asks the catalog: an app whose entity the caller may not read is hidden
 * whatever this permission says.
 *
 * @public
 */
export const microAppReadPermission = createPermission({
  name: 'microapps.app.read',
  attributes: { action: 'read' },
  resourceType: MICROAPP_RESOURCE_TYPE,
});

/** Read cost reports and chargeback statements of the apps one may read. @public */
export const microAppCostsReadPermission = createPermission({
  name: 'microapps.costs.read',
  attributes: { action: 'read' },
});

/** Read policy violations of the apps one may read. @public */
export const microAppViolationsReadPermission = createPermission({
  name: 'microapps.violations.read',
  attributes: { action: 'read' },
});

/** Read the model catalog and evaluate a manifest's risk. @public */
export const microAppModelsReadPermission = createPermission({
  name: 'microapps.models.read',
  attributes: { action: 'read' },
});

/** Send OpenTelemetry traces to the OTLP receiver. @public */
export const microAppTelemetryWritePermission = createPermission({
  name: 'microapps.telemetry.write',
  attributes: { action: 'create' },
});

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

/** Create, rotate or revoke a MicroApp's public badge address. @public */
export const microAppPublicBadgeManagePermission = createPermission({
  name: 'microapps.badge.public.manage',
  attributes: { action: 'update' },
  resourceType: MICROAPP_RESOURCE_TYPE,
});

/** Turn a MicroApp's kill switch on. @public */
export const microAppKillSwitchEngagePermission = createPermission({
  name: 'microapps.killswitch.engage',
  attributes: { action: 'update' },
  resourceType: MICROAPP_RESOURCE_TYPE,
});

/**
 * Turn a MicroApp's kill switch off. The resource says who engaged it
 * (`KILL_SWITCH_ENGAGED_BY`), so that a policy can let owners release only a
 * switch their team engaged.
 *
 * @public
 */
export const microAppKillSwitchReleasePermission = createPermission({
  name: 'microapps.killswitch.release',
  attributes: { action: 'update' },
  resourceType: MICROAPP_RESOURCE_TYPE,
});

/** Create, list and revoke a MicroApp's ingest keys (the keys it sends telemetry with). @public */
export const microAppIngestKeyManagePermission = createPermission({
  name: 'microapps.ingestkey.manage',
  attributes: { action: 'update' },
  resourceType: MICROAPP_RESOURCE_TYPE,
});

/** Create, list and revoke gateway ingest keys, which may report for any app. @public */
export const microAppGatewayKeyManagePermission = createPermission({
  name: 'microapps.ingestkey.gateway.manage',
  attributes: { action: 'update' },
});

/** Read, verify and export the audit log. @public */
export const microAppAuditReadPermission = createPermission({
  name: 'microapps.audit.read',
  attributes: { action: 'read' },
});

/** List the loaded policy packs, their policies and load errors. @public */
export const microAppPoliciesReadPermission = createPermission({
  name: 'microapps.policies.read',
  attributes: { action: 'read' },
});

/** Evaluate a policy against an app's current input (the policy test bench). @public */
export const microAppPoliciesEvaluatePermission = createPermission({
  name: 'microapps.policies.evaluate',
  attributes: { action: 'read' },
});

/** Read a MicroApp's incidents, which enforcing policy firings open. @public */
export const microAppIncidentsReadPermission = createPermission({
  name: 'microapps.incidents.read',
  attributes: { action: 'read' },
  resourceType: MICROAPP_RESOURCE_TYPE,
});

/**
 * Add notes to a MicroApp's incidents and change their state. The backend
 * also lets only stewards close an incident.
 *
 * @public
 */
export const microAppIncidentsManagePermission = createPermission({
  name: 'microapps.incidents.manage',
  attributes: { action: 'update' },
  resourceType: MICROAPP_RESOURCE_TYPE,
});

/** Every permission the microapps plugin defines. @public */
export const microAppPermissions = [
  microAppReadPermission,
  microAppCostsReadPermission,
  microAppViolationsReadPermission,
  microAppModelsReadPermission,
  microAppTelemetryWritePermission,
  microAppBadgeGrantPermission,
  microAppBadgeRevokePermission,
  microAppPublicBadgeManagePermission,
  microAppKillSwitchEngagePermission,
  microAppKillSwitchReleasePermission,
  microAppIngestKeyManagePermission,
  microAppGatewayKeyManagePermission,
  microAppAuditReadPermission,
  microAppPoliciesReadPermission,
  microAppPoliciesEvaluatePermission,
  microAppIncidentsReadPermission,
  microAppIncidentsManagePermission,
];
