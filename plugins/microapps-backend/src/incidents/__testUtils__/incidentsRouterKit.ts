/*
 * The incidents router of the router tests, on a migrated database: the
 * steward policy decides for alice (an owner of FINANCE_APP), nora (a
 * security steward), uma (neither) and blocked (who may read no app), and
 * each app has one open incident.
 */
import type {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type Permission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { microAppStewardDecision } from '@trellis/plugin-microapps-node';
import type { Knex } from 'knex';
import {
  appWith,
  exampleApp,
  loaderOf,
  permissionRuleset,
  recordingAuditor,
} from '../../__testUtils__/routerTestKit';
import { GovernanceGuard } from '../../governance/GovernanceGuard';
import { createAppOf } from '../../registry/appOf';
import { AppReadAccess } from '../../registry/AppReadAccess';
import { migratedClient } from '../../shared/database';
import { DatabaseIncidentStore } from '../DatabaseIncidentStore';
import { Incidents } from '../Incidents';
import { createIncidentsRouter } from '../incidentsRouter';
import { type IncidentFiring, openOrExtendIncident } from '../incidentWrites';

export const FINANCE_APP = exampleApp(
  'finance-ops.yaml',
  'invoice-field-extractor',
);
export const SUPPORT_APP = exampleApp(
  'customer-support.yaml',
  'ticket-triage-classifier',
);
const STEWARDS = { security: ['group:default/security-stewards'] };

/** Who calls, and the groups their token claims. */
const GROUPS: Record<string, string[]> = {
  'user:default/alice': [FINANCE_APP.owner],
  'user:default/nora': ['group:default/security-stewards'],
  'user:default/uma': ['group:default/marketing'],
  'user:default/blocked': [],
};

export const as = (user: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${user}`),
});

const userOf = (credentials: BackstageCredentials) =>
  (credentials.principal as { userEntityRef?: string }).userEntityRef;

/** The steward policy, for each caller as GROUPS has them; `blocked` may do nothing. */
function stewardPermissions(): PermissionsService {
  const decide = (
    permission: Permission,
    credentials: BackstageCredentials,
  ): PolicyDecision => {
    const userEntityRef = userOf(credentials);
    if (userEntityRef === 'user:default/blocked') {
      return { result: AuthorizeResult.DENY };
    }
    if (!userEntityRef) return { result: AuthorizeResult.ALLOW };
    return (
      microAppStewardDecision(
        { permission },
        {
          credentials: credentials as any,
          info: {
            userEntityRef,
            ownershipEntityRefs: [userEntityRef, ...GROUPS[userEntityRef]],
          },
        },
        STEWARDS,
      ) ?? { result: AuthorizeResult.ALLOW }
    );
  };
  return {
    authorize: async (requests, { credentials }) =>
      requests.map(r => {
        const decision = decide(r.permission, credentials);
        return decision.result === AuthorizeResult.CONDITIONAL
          ? { result: AuthorizeResult.DENY }
          : decision;
      }),
    authorizeConditional: async (requests, { credentials }) =>
      requests.map(r => decide(r.permission, credentials)),
  } as PermissionsService;
}

const userInfo: UserInfoService = {
  getUserInfo: async credentials => {
    const userEntityRef = userOf(credentials)!;
    return {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...(GROUPS[userEntityRef] ?? [])],
    };
  },
};

function firing(entityRef: string, firingId: number): IncidentFiring {
  return {
    entityRef,
    policyId: 'pii-leak',
    policyTitle: 'PII leaves the app',
    severity: 'high',
    firingId,
    occurredAt: new Date(Date.UTC(2026, 11, 1, firingId)).toISOString(),
    values: { 'window.violations["pii_detected"]': 3 },
    traceIds: ['a1'.repeat(16)],
    actions: ['Kill switch engaged'],
  };
}

/** The router on `knex`, with an incident of each app (the support one updated last). */
export async function incidentsRouterOn(knex: Knex) {
  await migratedClient({ getClient: async () => knex });
  const permissions = stewardPermissions();
  const access = new AppReadAccess({
    permissions,
    catalog: catalogServiceMock(),
    ruleset: permissionRuleset,
  });
  const loadApp = loaderOf(FINANCE_APP, SUPPORT_APP);
  const httpAuth = mockServices.httpAuth({
    defaultCredentials: mockCredentials.none(),
  });
  const incidents = new Incidents({
    store: new DatabaseIncidentStore(knex),
    access,
    loadApp,
    findApp: async ref =>
      [FINANCE_APP, SUPPORT_APP].find(
        a => a.entityRef.toLocaleLowerCase('en-US') === ref,
      ),
    permissions,
    guard: new GovernanceGuard({
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      permissions,
      userInfo,
      ruleset: permissionRuleset,
    }),
    stewards: STEWARDS,
  });
  const server = appWith(
    createIncidentsRouter({
      httpAuth,
      auditor: recordingAuditor(),
      incidents,
      appOf: createAppOf(httpAuth, loadApp),
    }),
  );
  const financeIncident = (
    await knex.transaction(tx =>
      openOrExtendIncident(tx, firing(FINANCE_APP.entityRef, 1)),
    )
  ).incidentId;
  const supportIncident = (
    await knex.transaction(tx =>
      openOrExtendIncident(tx, firing(SUPPORT_APP.entityRef, 2)),
    )
  ).incidentId;
  const auditActions = async () =>
    (await knex('microapps_audit_log').orderBy('id').select('action')).map(
      row => row.action as string,
    );
  return { server, financeIncident, supportIncident, auditActions };
}
