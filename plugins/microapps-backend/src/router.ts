import type {
  AuditorService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  BADGE_IDS,
  CONNECTOR_ACCESS,
  CONNECTOR_EXPOSURES,
  DATA_CLASSES,
  DEPENDENCY_RISK_LEVELS,
  evaluateRisk,
  LIFECYCLE_STAGES,
  MARKETPLACE_SORTS,
  MICROAPP_TYPES,
  type ModelCatalogEntry,
  microAppModelsReadPermission,
  PII_HANDLING,
  REACH_VALUES,
  RISK_TIERS,
  type RiskMatrix,
  GATED_STAGES,
} from '@trellis/plugin-microapps-common';
import { InputError, NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { overallStatus } from './services/Governance/appGovernance';
import { GovernanceService } from './services/Governance/GovernanceService';
import {
  renderApprovalBadgeSvg,
  renderOverallBadgeSvg,
} from './services/BadgeSvg';
import {
  MarketplaceIndex,
  normalizeGroupRef,
} from './services/MarketplaceIndex/MarketplaceIndex';
import {
  freeList,
  intParam,
  listOf,
  parseInput,
  plainText,
} from './services/requestValidation';
import type { AppRecordStore } from './database/AppRecordStore';
import type { AppReadAccess } from './services/Access/AppReadAccess';
import type { TelemetryStore } from './database/TelemetryStore';
import {
  addIngestKeyRoutes,
  createIngestIdentifier,
} from './routes/ingestKeyRoutes';
import { createOtlpHandler } from './routes/otlpHandler';
import type { OtlpDecoder } from './services/Otlp/OtlpDecoderPool';
import type { IngestKeys } from './services/Ingest/IngestKeys';
import type { OtlpBodyLimits } from './services/Otlp/readOtlpBody';
import { addTelemetryRoutes } from './routes/telemetryRoutes';
import type { CostReports } from './services/Telemetry/CostReports';
import type { TelemetryIngest } from './services/Telemetry/TelemetryIngest';

/** Resolves once the response can take more, or the client went away. */
function drained(res: express.Response): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function sendSvg(res: express.Response, svg: string) {
  res.setHeader('Content-Type', 'image/svg+xml; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'",
  );
  res.send(svg);
}

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  governance: GovernanceService;
  access: AppReadAccess;
  ingestKeys: IngestKeys;
  marketplace: MarketplaceIndex;
  appRecords: AppRecordStore;
  discovery: DiscoveryService;
  models: readonly ModelCatalogEntry[];
  riskMatrix: RiskMatrix;
  telemetry: {
    store: TelemetryStore;
    costReports: CostReports;
    ingest: TelemetryIngest;
    bodyLimits: OtlpBodyLimits;
    /** Decodes OTLP bodies; default in the event loop's thread. */
    decoder?: OtlpDecoder;
    maxConcurrentRequests: number;
    maxConcurrentRequestsPerCaller: number;
  };
}

const marketplaceQuerySchema = z.object({
  q: z.string().max(200).optional(),
  tier: listOf([...RISK_TIERS]),
  lifecycle: listOf([...LIFECYCLE_STAGES]),
  badge: listOf([...BADGE_IDS]),
  dataClass: listOf([...DATA_CLASSES]),
  owner: freeList,
  model: freeList,
  type: listOf([...MICROAPP_TYPES]),
  sort: z.enum(MARKETPLACE_SORTS).default('name'),
  order: z.enum(['asc', 'desc']).optional(),
  limit: intParam(1, 500, 20),
  offset: intParam(0, 1_000_000, 0),
});

const riskInputSchema = z.object({
  spec: z
    .object({
      reach: z.enum(REACH_VALUES),
      data: z.object({
        classifications: z
          .array(z.enum(DATA_CLASSES))
          .min(1, 'must list at least one data class'),
        pii: z.enum(PII_HANDLING),
      }),
      connectors: z
        .array(
          z.object({
            name: z.string().min(1).max(255),
            exposure: z.enum(CONNECTOR_EXPOSURES),
            access: z.enum(CONNECTOR_ACCESS),
          }),
        )
        .max(100)
        .optional(),
      models: z.array(z.string().min(1).max(255)).max(50),
      dependencies: z.object({
        risk: z.enum(DEPENDENCY_RISK_LEVELS),
        sbom: z.string().max(2048).optional(),
      }),
    })
    // Other manifest fields may be sent along; they do not change the score.
    .passthrough(),
});

const commentBodySchema = z
  .object({ comment: z.unknown().optional() })
  .passthrough();
const killSwitchBodySchema = z.object({
  enabled: z.boolean({
    invalid_type_error: 'must be true or false',
    required_error: 'is required',
  }),
  reason: z.unknown().optional(),
});
const gateQuerySchema = z.object({ stage: z.enum(GATED_STAGES) });
const auditQuerySchema = z.object({
  entityRef: plainText(255).optional(),
  limit: intParam(1, 500, 100),
  beforeId: z.preprocess(
    raw => (raw === undefined || raw === '' ? undefined : Number(raw)),
    z
      .number({ invalid_type_error: 'must be a whole number' })
      .int()
      .min(1)
      .optional(),
  ),
});

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    auditor,
    governance,
    access,
    marketplace,
    appRecords,
    discovery,
    models,
    riskMatrix,
  } = options;
  const anyone = { allow: ['user', 'service'] as Array<'user' | 'service'> };
  const router = Router();
  // The OTLP receiver reads its own body (gzip, protobuf, a larger limit): before the JSON parser.
  router.post(
    '/v1/traces',
    createOtlpHandler({
      identify: createIngestIdentifier({
        httpAuth,
        access,
        ingestKeys: options.ingestKeys,
      }),
      logger: options.logger,
      ingest: (decoded, identity) =>
        options.telemetry.ingest.ingest(decoded, identity),
      bodyLimits: options.telemetry.bodyLimits,
      decoder: options.telemetry.decoder,
      maxConcurrentRequests: options.telemetry.maxConcurrentRequests,
      maxConcurrentRequestsPerCaller:
        options.telemetry.maxConcurrentRequestsPerCaller,
    }),
  );
  router.use(express.json({ limit: '256kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/models', async (req, res) => {
    const credentials = await httpAuth.credentials(req, anyone);
    await access.require(
      credentials,
      microAppModelsReadPermission,
      'the model catalog',
    );
    res.json({ items: models });
  });

  router.post('/risk/evaluate', async (req, res) => {
    const credentials = await httpAuth.credentials(req, anyone);
    await access.require(
      credentials,
      microAppModelsReadPermission,
      'the model catalog',
    );
    const { spec } = parseInput(riskInputSchema, req.body, 'request body');
    res.json(
      evaluateRisk(spec, {
        models,
        matrix: riskMatrix,
        connectorExposures: marketplace.connectorExposures(),
      }),
    );
  });

  router.get('/apps', async (req, res) => {
    const credentials = await httpAuth.credentials(req, anyone);
    const query = parseInput(marketplaceQuerySchema, req.query, 'query');
    const visibility = await access.forCaller(credentials);
    res.json(
      await marketplace.query(
        {
          ...query,
          owner: query.owner?.map(owner => normalizeGroupRef(owner)),
        },
        visibility.everything ? undefined : visibility.canRead,
      ),
    );
  });

  /** Loads the app named in the path with the caller's credentials (404 if unknown or hidden). */
  const appOf = async (req: express.Request, allow = anyone) => {
    const credentials = await httpAuth.credentials(req, allow);
    const { namespace, name } = req.params;
    return {
      credentials,
      app: await governance.loadApp(
        { kind: 'microapp', namespace, name },
        credentials,
      ),
    };
  };

  /** Runs a mutation inside a Backstage auditor event. */
  const audited = async <T>(
    req: express.Request,
    eventId: string,
    meta: Record<string, string>,
    fn: () => Promise<T>,
  ) => {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await fn();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  };

  addTelemetryRoutes(router, {
    httpAuth,
    access,
    listApps: () => marketplace.listApps(),
    store: options.telemetry.store,
    costReports: options.telemetry.costReports,
    appOf: req => appOf(req),
  });

  addIngestKeyRoutes(router, {
    httpAuth,
    ingestKeys: options.ingestKeys,
    appOf: (req, allow) => appOf(req, allow),
  });

  router.get('/apps/:namespace/:name', async (req, res) => {
    const { app } = await appOf(req);
    res.json(await governance.describe(app));
  });

  router.get('/apps/:namespace/:name/gate', async (req, res) => {
    const { stage } = parseInput(gateQuerySchema, req.query, 'query');
    const { app } = await appOf(req);
    res.json(await governance.gate(app, stage));
  });

  for (const action of ['grant', 'revoke'] as const) {
    router.post(
      `/apps/:namespace/:name/badges/:badge/${action}`,
      async (req, res) => {
        const { comment } = parseInput(
          commentBodySchema,
          req.body ?? {},
          'request body',
        );
        const { app, credentials } = await appOf(req, { allow: ['user'] });
        const { badge } = req.params;
        const detail = await audited(
          req,
          `badge-${action}`,
          { entityRef: app.entityRef, badge },
          () => governance[action](app, badge, comment, credentials),
        );
        res.json(detail);
      },
    );
  }

  router.get('/apps/:namespace/:name/kill-switch', async (req, res) => {
    // Gateways poll this with a service token.
    const { app } = await appOf(req);
    res.json(await governance.getKillSwitch(app.entityRef));
  });

  router.post('/apps/:namespace/:name/kill-switch', async (req, res) => {
    const body = parseInput(
      killSwitchBodySchema,
      req.body ?? {},
      'request body',
    );
    const { app, credentials } = await appOf(req, { allow: ['user'] });
    const state = await audited(
      req,
      'kill-switch-set',
      { entityRef: app.entityRef, enabled: String(body.enabled) },
      () =>
        governance.setKillSwitch(
          app,
          { enabled: body.enabled, reason: body.reason },
          credentials,
        ),
    );
    res.json(state);
  });

  router.get('/apps/:namespace/:name/badges/:badge.svg', async (req, res) => {
    const { app } = await appOf(req);
    const detail = await governance.describe(app);
    const badge = detail.badges.find(b => b.badge === req.params.badge);
    if (!badge) {
      throw new InputError(
        `No badge named ${req.params.badge}; badges are ${BADGE_IDS.join(
          ', ',
        )}`,
      );
    }
    sendSvg(
      res,
      renderApprovalBadgeSvg(badge.badge, badge.state, {
        required: badge.required,
      }),
    );
  });

  router.get('/apps/:namespace/:name/badge.svg', async (req, res) => {
    const { app } = await appOf(req);
    const detail = await governance.describe(app);
    sendSvg(
      res,
      renderOverallBadgeSvg({
        tier: detail.risk.tier,
        score: detail.risk.score,
        status: overallStatus(detail),
      }),
    );
  });

  /** The public addresses of an app's badges for a token. */
  const publicBadgeUrls = async (token: string | undefined) => {
    if (!token) return { enabled: false };
    const base = `${await discovery.getExternalBaseUrl(
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
    res.json(await publicBadgeUrls(await governance.publicBadgeToken(app)));
  });

  // New addresses (the old ones stop working), or none.
  router.post('/apps/:namespace/:name/badge-urls', async (req, res) => {
    const { app, credentials } = await appOf(req, { allow: ['user'] });
    const token = await audited(
      req,
      'public-badges-rotate',
      { entityRef: app.entityRef },
      () => governance.changePublicBadges(app, 'rotate', credentials),
    );
    res.json(await publicBadgeUrls(token));
  });

  router.delete('/apps/:namespace/:name/badge-urls', async (req, res) => {
    const { app, credentials } = await appOf(req, { allow: ['user'] });
    await audited(
      req,
      'public-badges-revoke',
      { entityRef: app.entityRef },
      () => governance.changePublicBadges(app, 'revoke', credentials),
    );
    res.status(204).end();
  });

  // Public badges: anyone holding the unguessable URL may see them, e.g. in a README.
  const publicApp = async (token: string) => {
    const entityRef = /^[A-Za-z0-9_-]{32}$/.test(token)
      ? await appRecords.findByBadgeToken(token)
      : undefined;
    const app = entityRef && (await marketplace.findApp(entityRef));
    if (!app) throw new NotFoundError('No badge at this address');
    return governance.describe(app);
  };
  router.get('/public/badges/:token/badge.svg', async (req, res) => {
    const detail = await publicApp(req.params.token);
    sendSvg(
      res,
      renderOverallBadgeSvg({
        tier: detail.risk.tier,
        score: detail.risk.score,
        status: overallStatus(detail),
      }),
    );
  });
  router.get('/public/badges/:token/:badge.svg', async (req, res) => {
    const detail = await publicApp(req.params.token);
    const badge = detail.badges.find(b => b.badge === req.params.badge);
    if (!badge) throw new NotFoundError(`No badge named ${req.params.badge}`);
    sendSvg(
      res,
      renderApprovalBadgeSvg(badge.badge, badge.state, {
        required: badge.required,
      }),
    );
  });

  router.get('/reviews', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ items: await governance.reviews(credentials) });
  });

  router.get('/audit', async (req, res) => {
    const credentials = await httpAuth.credentials(req, anyone);
    const query = parseInput(auditQuerySchema, req.query, 'query');
    res.json({ items: await governance.listAudit(credentials, query) });
  });

  router.get('/audit/verify', async (req, res) => {
    const credentials = await httpAuth.credentials(req, anyone);
    res.json(await governance.verifyAudit(credentials));
  });

  router.get('/audit/export', async (req, res) => {
    const credentials = await httpAuth.credentials(req, anyone);
    const batches = governance.exportAudit(credentials);
    const first = await batches.next(); // permission errors surface before any output
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      'attachment; filename="microapps-audit.jsonl"',
    );
    let gone = false;
    res.on('close', () => {
      gone = true;
    });
    for (
      let batch = first;
      !batch.done && !gone;
      batch = await batches.next()
    ) {
      const chunk = batch.value
        .map(entry => `${JSON.stringify(entry)}\n`)
        .join('');
      // Honour back-pressure: wait until a slow client has taken the last batch.
      if (!res.write(chunk) && !gone) await drained(res);
    }
    await batches.return(undefined);
    if (!gone) res.end();
  });

  return router;
}
