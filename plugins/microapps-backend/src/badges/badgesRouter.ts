import type {
  AuditorService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  BADGE_IDS,
  type MicroAppDetail,
} from '@trellis/plugin-microapps-common';
import type express from 'express';
import { createFeatureRouter } from '../schema/openApiRouter';
import type { Approvals } from '../governance/approvals/Approvals';
import type { AppRecordStore } from '../registry/AppRecordStore';
import type { AppRegistry } from '../registry/AppRegistry';
import { audited, PEOPLE } from '../shared/routeHelpers';
import { type AppOf } from '../registry/appOf';
import {
  renderApprovalBadgeSvg,
  renderOverallBadgeSvg,
} from './approvalBadges';
import { PUBLIC_BADGE_TOKEN, type PublicBadges } from './PublicBadges';

function sendSvg(res: express.Response, svg: string) {
  res.setHeader('Content-Type', 'image/svg+xml; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'",
  );
  res.send(svg);
}

const overallSvg = (detail: MicroAppDetail) =>
  renderOverallBadgeSvg({
    tier: detail.risk.tier,
    score: detail.risk.score,
    status: detail.status,
  });

/** One badge's SVG, or undefined for a badge that does not exist. */
const badgeSvg = (detail: MicroAppDetail, badgeId: string) => {
  const badge = detail.badges.find(b => b.badge === badgeId);
  return (
    badge &&
    renderApprovalBadgeSvg(badge.badge, badge.state, {
      required: badge.required,
    })
  );
};

/**
 * SVG badges of an app for signed-in readers, and the management of its
 * public addresses (unguessable, rotatable) owners put in READMEs.
 */
export function createBadgesRouter(options: {
  auditor: AuditorService;
  discovery: DiscoveryService;
  approvals: Approvals;
  publicBadges: PublicBadges;
  appOf: AppOf;
}): express.Router {
  const { auditor, approvals, publicBadges, appOf } = options;
  const router = createFeatureRouter();

  router.get('/apps/:namespace/:name/badges/:badge.svg', async (req, res) => {
    const { app } = await appOf(req);
    const svg = badgeSvg(await approvals.describe(app), req.params.badge);
    if (!svg) {
      throw new InputError(
        `No badge named ${req.params.badge}; badges are ${BADGE_IDS.join(
          ', ',
        )}`,
      );
    }
    sendSvg(res, svg);
  });

  router.get('/apps/:namespace/:name/badge.svg', async (req, res) => {
    const { app } = await appOf(req);
    sendSvg(res, overallSvg(await approvals.describe(app)));
  });

  /** The public addresses of an app's badges for a token. */
  const publicBadgeUrls = async (token: string | undefined) => {
    if (!token) return { enabled: false };
    const base = `${await options.discovery.getExternalBaseUrl(
      'microapps',
    )}/public/badges/${token}`;
    return {
      enabled: true,
      overall: `${base}/badge.svg`,
      badges: Object.fromEntries(
        BADGE_IDS.map(badge => [badge, `${base}/${badge}.svg`]),
      ),
    };
  };

  router.get('/apps/:namespace/:name/badge-urls', async (req, res) => {
    const { app } = await appOf(req);
    res.json(await publicBadgeUrls(await publicBadges.token(app)));
  });

  // New addresses (the old ones stop working), or none.
  router.post('/apps/:namespace/:name/badge-urls', async (req, res) => {
    const { app, credentials } = await appOf(req, PEOPLE);
    const token = await audited(
      auditor,
      req,
      'public-badges-rotate',
      { entityRef: app.entityRef },
      () => publicBadges.change(app, 'rotate', credentials),
    );
    res.json(await publicBadgeUrls(token));
  });

  router.delete('/apps/:namespace/:name/badge-urls', async (req, res) => {
    const { app, credentials } = await appOf(req, PEOPLE);
    await audited(
      auditor,
      req,
      'public-badges-revoke',
      { entityRef: app.entityRef },
      () => publicBadges.change(app, 'revoke', credentials),
    );
    res.status(204).end();
  });

  return router;
}

/** Public badges: anyone holding the unguessable URL may see them, e.g. in a README. */
export function createPublicBadgesRouter(options: {
  approvals: Approvals;
  appRecords: AppRecordStore;
  registry: AppRegistry;
}): express.Router {
  const { approvals } = options;
  const router = createFeatureRouter();
  const publicApp = async (token: string) => {
    const entityRef = PUBLIC_BADGE_TOKEN.test(token)
      ? await options.appRecords.findByBadgeToken(token)
      : undefined;
    const app = entityRef && (await options.registry.findApp(entityRef));
    if (!app) throw new NotFoundError('No badge at this address');
    return approvals.describe(app);
  };
  router.get('/public/badges/:token/badge.svg', async (req, res) => {
    sendSvg(res, overallSvg(await publicApp(req.params.token)));
  });
  router.get('/public/badges/:token/:badge.svg', async (req, res) => {
    const svg = badgeSvg(await publicApp(req.params.token), req.params.badge);
    if (!svg) throw new NotFoundError(`No badge named ${req.params.badge}`);
    sendSvg(res, svg);
  });

  return router;
}
