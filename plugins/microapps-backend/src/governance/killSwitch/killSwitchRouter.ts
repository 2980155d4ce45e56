import type { AuditorService } from '@backstage/backend-plugin-api';
import type express from 'express';
import { createFeatureRouter } from '../../schema/openApiRouter';
import { z } from 'zod';
import { parseInput } from '../../shared/requestValidation';
import { audited, PEOPLE } from '../../shared/routeHelpers';
import { type AppOf } from '../../registry/appOf';
import type { KillSwitches } from './KillSwitches';

const killSwitchBodySchema = z.object({
  enabled: z.boolean({
    error: issue =>
      issue.input === undefined ? 'is required' : 'must be true or false',
  }),
  reason: z.unknown().optional(),
});

/** Reading (gateways poll it) and turning an app's kill switch on and off. */
export function createKillSwitchRouter(options: {
  auditor: AuditorService;
  killSwitches: KillSwitches;
  appOf: AppOf;
}): express.Router {
  const { auditor, killSwitches, appOf } = options;
  const router = createFeatureRouter();

  router.get('/apps/:namespace/:name/kill-switch', async (req, res) => {
    // Gateways poll this with a service token.
    const { app } = await appOf(req);
    res.json(await killSwitches.get(app));
  });

  router.post('/apps/:namespace/:name/kill-switch', async (req, res) => {
    const body = parseInput(
      killSwitchBodySchema,
      req.body ?? {},
      'request body',
    );
    const { app, credentials } = await appOf(req, PEOPLE);
    const state = await audited(
      auditor,
      req,
      'kill-switch-set',
      { entityRef: app.entityRef, enabled: String(body.enabled) },
      () =>
        killSwitches.set(
          app,
          { enabled: body.enabled, reason: body.reason },
          credentials,
        ),
    );
    // Still on after a release: the first of two stewards' confirmations was recorded.
    res.status(!body.enabled && state.enabled ? 202 : 200).json(state);
  });

  return router;
}
