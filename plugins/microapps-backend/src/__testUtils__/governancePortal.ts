/*
 * The portal of the governance tests (../__behaviour__/governance.*.test.ts): the
 * example catalog plus an editable copy of a high-tier app (a manifest the
 * tests edit, to see badges go stale) and a sub-team of finance-ops whose
 * member pat is also a security steward; the notifications backend, scanning
 * every second; the example users signed in.
 */
import type {
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import {
  evaluateRisk,
  type MicroAppEntity,
} from '@trellis/plugin-microapps-common';
import fs from 'fs';
import type { Knex } from 'knex';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { stringify as toYaml } from 'yaml';
import { exampleApps, models } from './exampleCatalogPortal';
import {
  EXAMPLE_CATALOG_FILES,
  requestsAs,
  signIn,
  startSignedInPortal,
} from './signedInPortal';
import { readText } from './textResponse';

const tierOf = (app: MicroAppEntity) => evaluateRisk(app.spec, { models }).tier;

// The apps these tests act on, picked from the example catalog by their properties.
export const highTier = exampleApps.find(
  a => tierOf(a) === 'high' && a.spec.owner === 'group:default/people-ops',
)!;
export const financeApp = exampleApps.find(
  a => a.spec.owner === 'group:default/finance-ops' && tierOf(a) !== 'low',
)!;
export const financeRef = `microapp:default/${financeApp.metadata.name}`;
/** Another high-tier app, for simultaneous grants. */
export const concurrentHighTier = exampleApps.find(
  a =>
    tierOf(a) === 'high' &&
    a !== highTier &&
    ![
      'group:default/security-stewards',
      'group:default/compliance-stewards',
    ].includes(a.spec.owner),
)!;
export const highTierRef = `microapp:default/${highTier.metadata.name}`;
export const mediumTier = exampleApps.find(
  a => tierOf(a) === 'medium' && a.spec.owner !== 'group:default/finance-ops',
)!;

/** A sub-team of finance-ops whose member pat is also a security steward. */
const subTeam = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'finance-payables' },
    spec: { type: 'team', parent: 'finance-ops', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'pat' },
    spec: {
      profile: { displayName: 'Pat Payables' },
      memberOf: ['finance-payables', 'security-stewards'],
    },
  },
];
/** The high-tier app again, under another name, in a manifest the tests edit. */
export const editable: MicroAppEntity = {
  ...structuredClone(highTier),
  metadata: {
    ...highTier.metadata,
    name: 'editable-high-tier-app',
    title: 'Editable high-tier app',
  },
};

const USERS = [
  'maya',
  'nora',
  'oscar',
  'quentin',
  'sam',
  'bob',
  'alice',
  'carol',
  'uma',
  'pat',
];

export const appUrl = (app: MicroAppEntity) =>
  `/api/microapps/apps/default/${app.metadata.name}`;

/** Requests as a signed-in user, with their response also readable as text. */
function requestsWithText(
  server: () => any,
  tokens: ReadonlyMap<string, string>,
) {
  return (user: string) => {
    const auth = { Authorization: `Bearer ${tokens.get(user)}` };
    return {
      ...requestsAs(server(), tokens)(user),
      text: async (url: string) => {
        const res = await readText(request(server()).get(url).set(auth));
        return {
          status: res.status,
          type: res.headers['content-type'],
          body: res.body as string,
        };
      },
    };
  };
}

/**
 * The portal of one database, to start in beforeAll and stop in afterAll;
 * its requests, grants and revocations work once it has started.
 */
export function governancePortal(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  let server: any;
  let stop: (() => Promise<void>) | undefined;
  const knexByPlugin = new Map<string, Knex>();
  const tokens = new Map<string, string>();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-governance-'));
  const editableFile = path.join(workDir, 'editable.yaml');
  const subTeamFile = path.join(workDir, 'sub-team.yaml');
  const as = requestsWithText(() => server, tokens);
  const grant = (
    user: string,
    app: MicroAppEntity,
    badge: string,
    comment: unknown = `Reviewed by ${user}`,
  ) => as(user).post(`${appUrl(app)}/badges/${badge}/grant`, { comment });
  const revoke = (
    user: string,
    app: MicroAppEntity,
    badge: string,
    comment: unknown = `Revoked by ${user}`,
  ) => as(user).post(`${appUrl(app)}/badges/${badge}/revoke`, { comment });

  /** Starts the portal, signs every user in and waits for the catalog; answers the server. */
  const start = async () => {
    fs.writeFileSync(editableFile, toYaml(editable));
    fs.writeFileSync(
      subTeamFile,
      subTeam.map(entity => toYaml(entity)).join('---\n'),
    );
    const backend = await startSignedInPortal({
      databases,
      databaseId,
      catalogFiles: [...EXAMPLE_CATALOG_FILES, editableFile, subTeamFile],
      microapps: { notifications: { scanIntervalSeconds: 1 } },
      features: [notificationsPlugin],
      onDatabase: (pluginId, knex) => knexByPlugin.set(pluginId, knex),
    });
    server = backend.server;
    stop = () => backend.stop();
    for (const [user, token] of await signIn(server, USERS))
      tokens.set(user, token);
    // Wait until the catalog has processed every MicroApp.
    for (let i = 0; i < 240; i++) {
      const res = await as('maya').get(
        '/api/microapps/apps?limit=1&lifecycle=draft,sandbox,canary,production,decommissioned',
      );
      if (res.body.totalItems === exampleApps.length + 1) break;
      await new Promise(r => setTimeout(r, 250));
    }
    return server;
  };

  return {
    knexByPlugin,
    editableFile,
    as,
    grant,
    revoke,
    start,
    stop: async () => {
      await stop?.();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export type GovernancePortal = ReturnType<typeof governancePortal>;

/**
 * What governance.grants.test.ts does to the high-tier app on its way to
 * production, for the tests that read its consequences: every required badge
 * granted by its steward (security review by maya), then production
 * readiness revoked by sam because the load test failed.
 */
export async function reviewThenRevokeHighTier(portal: GovernancePortal) {
  for (const [user, badge] of [
    ['maya', 'security-review'],
    ['oscar', 'compliance-review'],
    ['quentin', 'executive-signoff'],
    ['sam', 'production-readiness'],
  ]) {
    const res = await portal.grant(user, highTier, badge);
    if (res.status !== 200)
      throw new Error(`${user} could not grant ${badge}: ${res.status}`);
  }
  const res = await portal.revoke(
    'sam',
    highTier,
    'production-readiness',
    'Load test failed',
  );
  if (res.status !== 200)
    throw new Error(`sam could not revoke production-readiness: ${res.status}`);
}
