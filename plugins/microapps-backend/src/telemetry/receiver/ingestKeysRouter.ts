import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError } from '@backstage/errors';
import { microAppTelemetryWritePermission } from '@trellis/plugin-microapps-common';
import type express from 'express';
import { createFeatureRouter } from '../../schema/openApiRouter';
import { ANYONE } from '../../shared/routeHelpers';
import { type AppOf } from '../../registry/appOf';
import type { AppReadAccess } from '../../registry/AppReadAccess';
import {
  INGEST_KEY_PREFIX,
  type IngestIdentity,
  type IngestKeys,
} from './IngestKeys';

/**
 * Who sends an OTLP request: an ingest key (`Authorization: Bearer trk_…`),
 * or a Backstage service token (static external access) holding
 * `microapps.telemetry.write`, which counts as a gateway.
 */
export function createIngestIdentifier(options: {
  httpAuth: HttpAuthService;
  access: AppReadAccess;
  ingestKeys: IngestKeys;
}) {
  const { httpAuth, access, ingestKeys } = options;
  return async (req: express.Request): Promise<IngestIdentity> => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(
      req.headers.authorization ?? '',
    )?.[1];
    if (bearer?.startsWith(INGEST_KEY_PREFIX)) {
      const identity = await ingestKeys.authenticate(bearer);
      if (!identity) {
        throw new AuthenticationError(
          'The ingest key is unknown or has been revoked',
        );
      }
      return identity;
    }
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    await access.require(
      credentials,
      microAppTelemetryWritePermission,
      'traces',
      'send',
    );
    return { keyId: `static:${credentials.principal.subject}` };
  };
}

/**
 * The ingest-key routes: an app's keys under `/apps/:namespace/:name/ingest-keys`
 * (its owners and platform stewards), gateway keys under `/ingest-keys`
 * (platform stewards). A key's creator is on record.
 */
export function createIngestKeysRouter(options: {
  httpAuth: HttpAuthService;
  ingestKeys: IngestKeys;
  appOf: AppOf;
}): express.Router {
  const { httpAuth, ingestKeys, appOf } = options;
  const router = createFeatureRouter();
  // People, and services that provision keys (a deployment pipeline, the
  // example portal's traffic seeder); the creator is on record either way.
  const callers = ANYONE;
  const nameOf = (req: express.Request) => (req.body ?? {}).name;

  router.post('/apps/:namespace/:name/ingest-keys', async (req, res) => {
    const { app, credentials } = await appOf(req, callers);
    res
      .status(201)
      .json(await ingestKeys.create(app, nameOf(req), credentials));
  });
  router.get('/apps/:namespace/:name/ingest-keys', async (req, res) => {
    const { app, credentials } = await appOf(req, callers);
    res.json({ items: await ingestKeys.list(app, credentials) });
  });
  router.delete('/apps/:namespace/:name/ingest-keys/:id', async (req, res) => {
    const { app, credentials } = await appOf(req, callers);
    await ingestKeys.revoke(app, req.params.id, credentials);
    res.status(204).end();
  });

  router.post('/ingest-keys', async (req, res) => {
    const credentials = await httpAuth.credentials(req, callers);
    if ((req.body ?? {}).gateway !== true) {
      throw new InputError(
        'gateway must be true: app keys are created under /apps/:namespace/:name/ingest-keys',
      );
    }
    res
      .status(201)
      .json(await ingestKeys.create(undefined, nameOf(req), credentials));
  });
  router.get('/ingest-keys', async (req, res) => {
    const credentials = await httpAuth.credentials(req, callers);
    res.json({ items: await ingestKeys.list(undefined, credentials) });
  });
  router.delete('/ingest-keys/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, callers);
    await ingestKeys.revoke(undefined, req.params.id, credentials);
    res.status(204).end();
  });
  return router;
}
