/*
 * What a feature router's test needs besides the router: an example app as
 * the registry gives it, the plugin's permission rules as a ruleset, an
 * auditor whose events can be checked, and Backstage's error handler.
 */
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PermissionRuleset } from '@backstage/plugin-permission-node';
import { NotFoundError } from '@backstage/errors';
import {
  DEFAULT_RISK_MATRIX,
  type MicroAppEntity,
} from '@trellis/plugin-microapps-common';
import { createOpenApiRouter, parseJsonBody } from '../schema/openApiRouter';
import express from 'express';
import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  type MicroAppResource,
  microAppPermissionRules,
} from '@trellis/plugin-microapps-node';
import { GovernanceGuard } from '../governance/GovernanceGuard';
import type { AppLoader } from '../registry/loadApp';
import { type GovernedApp, governedApp } from '../registry/governedApp';

const EXAMPLE_APPS = path.resolve(__dirname, '../../../../examples/microapps');

/** The MicroApps of an example catalog file (`examples/microapps/<file>`). */
export function exampleEntities(file: string): MicroAppEntity[] {
  return parseAllDocuments(
    fs.readFileSync(path.join(EXAMPLE_APPS, file), 'utf8'),
  )
    .map(doc => doc.toJS() as MicroAppEntity)
    .filter(e => e?.kind === 'MicroApp');
}

/** An app of the example catalog, scored without a model catalog. */
export function exampleApp(file: string, name: string): GovernedApp {
  const entity = exampleEntities(file).find(e => e.metadata.name === name);
  if (!entity) throw new Error(`No example MicroApp ${name} in ${file}`);
  return governedApp(entity, { models: [], riskMatrix: DEFAULT_RISK_MATRIX });
}

/** Loads only the given apps; any other name is 404, as for an app the caller may not see. */
export const loaderOf =
  (...apps: GovernedApp[]): AppLoader =>
  async ref => {
    const app = apps.find(a => a.entity.metadata.name === ref.name);
    if (!app) throw new NotFoundError(`No MicroApp ${ref.name}`);
    return app;
  };

/** The plugin's permission rules, as the permissions registry hands them out. */
export const permissionRuleset: PermissionRuleset<MicroAppResource> = {
  getRuleByName: name => {
    const rule = Object.values(microAppPermissionRules).find(
      r => r.name === name,
    );
    if (!rule) throw new Error(`No permission rule ${name}`);
    return rule as any;
  },
};

/** An auditor whose `createEvent` calls can be checked. */
export const recordingAuditor = () =>
  mockServices.auditor.mock({
    createEvent: async () => ({
      success: async () => {},
      fail: async () => {},
    }),
  });

/**
 * An auditor that also notes how each event ended, in order: `outcomes`
 * holds `'<eventId>: success'` or `'<eventId>: fail'`.
 */
export function outcomeRecordingAuditor() {
  const outcomes: string[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId }) => ({
      success: async () => {
        outcomes.push(`${eventId}: success`);
      },
      fail: async () => {
        outcomes.push(`${eventId}: fail`);
      },
    }),
  });
  return { auditor, outcomes };
}

/** `router` behind JSON parsing and Backstage's error handler, as the plugin mounts it. */
export function appWith(router: express.Router): express.Express {
  const app = express();
  // Every response of a router test must be one the OpenAPI document describes.
  const api = createOpenApiRouter({ validateResponses: true });
  api.use(router);
  app.use(parseJsonBody, api);
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return app;
}

/**
 * The guard of governance actions for a caller `user`, a member of
 * `groups`, whom the permission policy answers `result` on every request.
 */
export function guardFor(options: {
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  user: string;
  groups?: string[];
}): GovernanceGuard {
  return new GovernanceGuard({
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    permissions: mockServices.permissions({ result: options.result }),
    userInfo: mockServices.userInfo({
      userEntityRef: options.user,
      ownershipEntityRefs: [options.user, ...(options.groups ?? [])],
    }),
    ruleset: permissionRuleset,
  });
}
