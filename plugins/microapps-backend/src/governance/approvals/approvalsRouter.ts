import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  GATED_STAGES,
  type ThirtyDayUsage,
} from '@trellis/plugin-microapps-common';
import type express from 'express';
import { createFeatureRouter } from '../../schema/openApiRouter';
import { z } from 'zod';
import { parseInput } from '../../shared/requestValidation';
import { audited, PEOPLE } from '../../shared/routeHelpers';
import { type AppOf } from '../../registry/appOf';
import type { Approvals } from './Approvals';

const commentBodySchema = z.looseObject({ comment: z.unknown().optional() });
const gateQuerySchema = z.object({ stage: z.enum(GATED_STAGES) });

/** An app's governance detail, its gates, and badge sign-off by stewards. */
export function createApprovalsRouter(options: {
  auditor: AuditorService;
  approvals: Approvals;
  appOf: AppOf;
  /** The app's last 30 days, as the marketplace counts them. */
  usageOf: (entityRef: string) => Promise<ThirtyDayUsage | undefined>;
}): express.Router {
  const { auditor, approvals, appOf } = options;
  const router = createFeatureRouter();

  router.get('/apps/:namespace/:name', async (req, res) => {
    const { app, credentials } = await appOf(req);
    const [detail, usage30d] = await Promise.all([
      approvals.describe(app, credentials),
      options.usageOf(app.entityRef),
    ]);
    res.json({ ...detail, ...(usage30d ? { usage30d } : {}) });
  });

  router.get('/apps/:namespace/:name/gate', async (req, res) => {
    const { stage } = parseInput(gateQuerySchema, req.query, 'query');
    const { app } = await appOf(req);
    res.json(await approvals.gate(app, stage));
  });

  const actions = {
    grant: 'grant',
    revoke: 'revoke',
    'request-changes': 'requestChanges',
  } as const;
  for (const [action, method] of Object.entries(actions) as Array<
    [keyof typeof actions, (typeof actions)[keyof typeof actions]]
  >) {
    router.post(
      `/apps/:namespace/:name/badges/:badge/${action}`,
      async (req, res) => {
        const { comment } = parseInput(
          commentBodySchema,
          req.body ?? {},
          'request body',
        );
        const { app, credentials } = await appOf(req, PEOPLE);
        const { badge } = req.params;
        const detail = await audited(
          auditor,
          req,
          `badge-${action}`,
          { entityRef: app.entityRef, badge },
          () => approvals[method](app, badge, comment, credentials),
        );
        res.json(detail);
      },
    );
  }

  return router;
}
