/*
 * The badge routes alone, signed-in and public, on a real store, behind
 * Backstage's error handler, with stewards who can sign badges off and an
 * owner who can pull the kill switch, as the badge router tests need.
 */
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_RISK_MATRIX,
  type BadgeId,
} from '@trellis/plugin-microapps-common';
import express from 'express';
import {
  appWith,
  exampleApp,
  exampleEntities,
  guardFor,
  loaderOf,
  outcomeRecordingAuditor,
} from '../../__testUtils__/routerTestKit';
import { DatabaseGovernanceStore } from '../../governance/DatabaseGovernanceStore';
import { Approvals } from '../../governance/approvals/Approvals';
import { KillSwitches } from '../../governance/killSwitch/KillSwitches';
import { createAppOf } from '../../registry/appOf';
import { AppRegistry } from '../../registry/AppRegistry';
import { DatabaseAppRecordStore } from '../../registry/DatabaseAppRecordStore';
import { createBadgesRouter, createPublicBadgesRouter } from '../badgesRouter';
import { PublicBadges } from '../PublicBadges';

/** A production app of the example catalog. */
export const APP = exampleApp('finance-ops.yaml', 'invoice-field-extractor');
export const BASE = '/apps/default/invoice-field-extractor';
/** Where browsers reach the plugin, and where other backends do. */
export const EXTERNAL_BASE = 'https://portal.acme.example/api/microapps';
export const INTERNAL_BASE = 'http://backend.internal:7007/api/microapps';
/** The owner who manages the public addresses; a member of the owning group. */
export const OWNER = 'user:default/mock';

export const asUser = { Authorization: mockCredentials.user.header() };
export const asService = { Authorization: mockCredentials.service.header() };

const STEWARDS = { security: [], compliance: [], executive: [], platform: [] };

/**
 * The badge routes (signed-in and public) on one store. The permission
 * policy answers `result` to the owner; stewards are always allowed.
 */
export async function badgesApp(
  databases: TestDatabases,
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseGovernanceStore.create({
    database: { getClient: async () => knex },
  });
  const appRecords = new DatabaseAppRecordStore(knex);
  const { auditor, outcomes } = outcomeRecordingAuditor();
  const governanceAs = (
    user: string,
    decision: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  ) => {
    const guard = guardFor({
      result: decision,
      user,
      groups: user === OWNER ? [APP.owner] : [],
    });
    const killSwitches = new KillSwitches({
      store,
      guard,
      stewards: STEWARDS,
      killSwitchStewardRoles: ['security'],
    });
    const approvals = new Approvals({
      store,
      guard,
      killSwitches,
      approvalTtlDays: 90,
    });
    return { guard, killSwitches, approvals };
  };
  const owner = governanceAs(OWNER, result);
  const registry = new AppRegistry({
    catalog: catalogServiceMock({
      entities: exampleEntities('finance-ops.yaml'),
    }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    appRecords,
    models: [],
    riskMatrix: DEFAULT_RISK_MATRIX,
  });
  const router = express.Router();
  router.use(
    createBadgesRouter({
      auditor,
      discovery: mockServices.discovery.mock({
        getBaseUrl: async pluginId =>
          INTERNAL_BASE.replace('microapps', pluginId),
        getExternalBaseUrl: async pluginId =>
          EXTERNAL_BASE.replace('microapps', pluginId),
      }),
      approvals: owner.approvals,
      publicBadges: new PublicBadges({ store, guard: owner.guard }),
      appOf: createAppOf(
        mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
        loaderOf(APP),
      ),
    }),
    createPublicBadgesRouter({
      approvals: owner.approvals,
      appRecords,
      registry,
    }),
  );

  return {
    app: appWith(router),
    store,
    auditor,
    /** How each audited change ended, e.g. `public-badges-rotate: success`. */
    outcomes,
    /** Signs the badge off, as a steward of its own (never the owning group). */
    async grant(badge: BadgeId) {
      const steward = `user:default/steward-of-${badge}`;
      await governanceAs(steward, AuthorizeResult.ALLOW).approvals.grant(
        APP,
        badge,
        'Reviewed',
        mockCredentials.user(steward),
      );
    },
    /** The badges the app's tier needs in production. */
    async requiredBadges(): Promise<BadgeId[]> {
      const detail = await owner.approvals.describe(APP);
      return detail.badges.filter(b => b.required).map(b => b.badge);
    },
    /** The owner pulls the kill switch. */
    async kill() {
      await governanceAs(OWNER, AuthorizeResult.ALLOW).killSwitches.set(
        APP,
        { enabled: true, reason: 'Leaking invoices' },
        mockCredentials.user(OWNER),
      );
    },
  };
}

/** What a badge says, as its `<title>` (and a screen reader) reads it: "label: message". */
export function badgeTitle(svg: string): string | undefined {
  return /<title>([^<]*)<\/title>/.exec(svg)?.[1];
}

/** The SVG of an answer, whatever supertest made of its body. */
export function svgOf(res: { body: unknown; text?: string }): string {
  return Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text ?? '';
}
