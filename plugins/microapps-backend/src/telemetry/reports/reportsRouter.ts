import type {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  addDays,
  COST_GROUP_BYS,
  dayOf,
  daysBetween,
  EARLIEST_DAY,
  EARLIEST_MONTH,
  endOfDay,
  isDay,
  isMonth,
  LATEST_DAY,
  LATEST_MONTH,
  MAX_COST_PERIOD_DAYS,
  microAppCostsReadPermission,
  microAppViolationsReadPermission,
  VIOLATION_SEVERITIES,
  VIOLATION_TYPES,
  type Violation,
  type ViolationPage,
} from '@trellis/plugin-microapps-common';
import { InputError } from '@backstage/errors';
import type express from 'express';
import { createFeatureRouter } from '../../schema/openApiRouter';
import { ANYONE } from '../../shared/routeHelpers';
import { type AppOf } from '../../registry/appOf';
import { z } from 'zod';
import type {
  StoredViolation,
  TelemetryStore,
  ViolationFilter,
} from '../TelemetryStore';
import { type AppReadAccess, readable } from '../../registry/AppReadAccess';
import {
  appKey,
  type GovernedApp,
  normalizeGroupRef,
} from '../../registry/governedApp';
import {
  intParam,
  listOf,
  parseInput,
  plainText,
} from '../../shared/requestValidation';
import { CostReports, MAX_REPORT_GROUPS } from './CostReports';
import type { DayRange } from './dayRange';

/** Longest period a cost or violation query may cover. */
const MAX_RANGE_DAYS = MAX_COST_PERIOD_DAYS;

/** Days and months outside the window (see utcDays) are a 400 too. */
const day = z
  .string()
  .refine(
    isDay,
    `must be a UTC day written YYYY-MM-DD, from ${EARLIEST_DAY} to ${LATEST_DAY}`,
  )
  .optional();
const rangeFields = { from: day, to: day };

const costQuerySchema = z.object(rangeFields);
const costReportSchema = z.object({
  ...rangeFields,
  groupBy: z.enum(COST_GROUP_BYS).default('app'),
  limit: intParam(1, MAX_REPORT_GROUPS, MAX_REPORT_GROUPS),
  /** Only the apps this group owns, e.g. `finance-ops` or `group:default/finance-ops`. */
  owner: plainText(255).optional(),
});
const chargebackSchema = z.object({
  month: z
    .string()
    .refine(
      isMonth,
      `must be a month written YYYY-MM, from ${EARLIEST_MONTH} to ${LATEST_MONTH}`,
    )
    .optional(),
});
const violationQuerySchema = z.object({
  ...rangeFields,
  type: listOf([...VIOLATION_TYPES]),
  severity: listOf([...VIOLATION_SEVERITIES]),
  entityRef: plainText(255).optional(),
  limit: intParam(1, 500, 50),
  offset: intParam(0, 1_000_000, 0),
});

/**
 * The requested days, by default the last 30 including today (`from` by
 * default 29 days before `to`, and no earlier than the window's first day).
 */
function dayRange(
  query: { from?: string; to?: string },
  today: string,
): DayRange {
  const to = query.to ?? today;
  const from =
    query.from ??
    (daysBetween(EARLIEST_DAY, to) < 30 ? EARLIEST_DAY : addDays(to, -29));
  if (from > to) {
    throw new InputError(`Invalid query. from: must not be after to (${to})`);
  }
  if (daysBetween(from, to) > MAX_RANGE_DAYS) {
    throw new InputError(
      `Invalid query. from: must be at most ${MAX_RANGE_DAYS} days before to`,
    );
  }
  return { from, to };
}

function toViolation(stored: StoredViolation): Violation {
  return {
    id: stored.id,
    entityRef: stored.entityRef ?? undefined,
    type: stored.type,
    severity: stored.severity,
    rule: stored.rule ?? undefined,
    decision: stored.decision ?? undefined,
    traceId: stored.traceId ?? undefined,
    spanId: stored.spanId ?? undefined,
    occurredAt: stored.occurredAt.toISOString(),
    detail: stored.detail ?? undefined,
    source: stored.source,
  };
}

export interface TelemetryRouteOptions {
  httpAuth: HttpAuthService;
  access: AppReadAccess;
  store: TelemetryStore;
  costReports: CostReports;
  /** The registered apps, to narrow violations to those a caller may read. */
  listApps: () => Promise<Array<{ app: GovernedApp }>>;
  appOf: AppOf;
}

/** Cost and chargeback routes: `microapps.costs.read`, over the apps the caller may read. */
export function createCostsRouter(
  options: TelemetryRouteOptions,
): express.Router {
  const { httpAuth, access, costReports, appOf } = options;
  const router = createFeatureRouter();
  const requireCosts = (credentials: BackstageCredentials) =>
    access.require(credentials, microAppCostsReadPermission, 'costs');

  router.get('/apps/:namespace/:name/costs', async (req, res) => {
    // Who asks first (401, 404, 403), then what they ask (400), as /costs does.
    const { app, credentials } = await appOf(req);
    await requireCosts(credentials);
    const query = parseInput(costQuerySchema, req.query, 'query');
    const today = dayOf(new Date());
    res.json(await costReports.appCosts(app, dayRange(query, today), today));
  });

  router.get('/costs', async (req, res) => {
    const credentials = await httpAuth.credentials(req, ANYONE);
    await requireCosts(credentials);
    const query = parseInput(costReportSchema, req.query, 'query');
    const visibility = await access.forCaller(credentials);
    const today = dayOf(new Date());
    res.json(
      await costReports.report(
        query.groupBy,
        dayRange(query, today),
        today,
        visibility,
        query.limit,
        query.owner === undefined ? undefined : normalizeGroupRef(query.owner),
      ),
    );
  });

  router.get('/costs/chargeback.csv', async (req, res) => {
    const credentials = await httpAuth.credentials(req, ANYONE);
    await requireCosts(credentials);
    const month =
      parseInput(chargebackSchema, req.query, 'query').month ??
      dayOf(new Date()).slice(0, 7);
    const visibility = await access.forCaller(credentials);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="trellis-chargeback-${month}.csv"`,
    );
    res.send(await costReports.chargebackCsv(month, visibility));
  });

  return router;
}

/**
 * Policy-violation routes: `microapps.violations.read`, over the apps the
 * caller may read.
 */
export function createViolationsRouter(
  options: TelemetryRouteOptions,
): express.Router {
  const { httpAuth, access, store, appOf } = options;
  const router = createFeatureRouter();
  const requireViolations = (credentials: BackstageCredentials) =>
    access.require(
      credentials,
      microAppViolationsReadPermission,
      'policy violations',
    );

  router.get('/violations', async (req, res) => {
    const credentials = await httpAuth.credentials(req, ANYONE);
    await requireViolations(credentials);
    const query = parseInput(violationQuerySchema, req.query, 'query');
    const visibility = await access.forCaller(credentials);
    const asked = query.entityRef && appKey(query.entityRef);
    // Everything, or only the registered apps the caller may read.
    let entityRefs = asked ? [asked] : undefined;
    if (!visibility.everything) {
      const readableRefs = readable(visibility, await options.listApps()).map(
        ({ app }) => appKey(app.entityRef),
      );
      entityRefs = asked
        ? readableRefs.filter(ref => ref === asked)
        : readableRefs;
    }
    res.json(await violationsPage(store, query, entityRefs));
  });

  router.get('/apps/:namespace/:name/violations', async (req, res) => {
    const { app, credentials } = await appOf(req);
    await requireViolations(credentials);
    const query = parseInput(violationQuerySchema, req.query, 'query');
    res.json(await violationsPage(store, query, [appKey(app.entityRef)]));
  });
  return router;
}

async function violationsPage(
  store: TelemetryStore,
  query: z.infer<typeof violationQuerySchema>,
  entityRefs?: string[],
): Promise<ViolationPage> {
  const range = dayRange(query, dayOf(new Date()));
  const filter: ViolationFilter = {
    entityRefs,
    types: query.type,
    severities: query.severity,
    from: new Date(`${range.from}T00:00:00Z`),
    to: endOfDay(range.to),
  };
  const [page, series] = await Promise.all([
    store.listViolations(filter, {
      limit: query.limit,
      offset: query.offset,
    }),
    store.violationSeries(filter),
  ]);
  return {
    items: page.items.map(toViolation),
    totalItems: page.totalItems,
    series: series.map(({ day: date, type, count }) => ({
      date,
      type,
      count,
    })),
  };
}
