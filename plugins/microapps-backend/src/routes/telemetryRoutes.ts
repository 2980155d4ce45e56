import type {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  addDays,
  COST_GROUP_BYS,
  dayOf,
  daysBetween,
  isDay,
  isMonth,
  MAX_COST_PERIOD_DAYS,
  VIOLATION_SEVERITIES,
  VIOLATION_TYPES,
  type Violation,
  type ViolationPage,
} from '@trellis/plugin-microapps-common';
import { InputError } from '@backstage/errors';
import type express from 'express';
import { z } from 'zod/v3';
import type {
  StoredViolation,
  TelemetryStore,
  ViolationFilter,
} from '../database/TelemetryStore';
import type { GovernedApp } from '../services/Governance/appGovernance';
import {
  intParam,
  listOf,
  parseInput,
  plainText,
} from '../services/requestValidation';
import { CostReports, type DayRange } from '../services/Telemetry/CostReports';

/** Longest period a cost or violation query may cover. */
const MAX_RANGE_DAYS = MAX_COST_PERIOD_DAYS;

const day = z
  .string()
  .refine(isDay, 'must be a UTC day written YYYY-MM-DD')
  .optional();
const rangeFields = { from: day, to: day };

const costQuerySchema = z.object(rangeFields);
const costReportSchema = z.object({
  ...rangeFields,
  groupBy: z.enum(COST_GROUP_BYS).default('app'),
});
const chargebackSchema = z.object({
  month: z
    .string()
    .refine(isMonth, 'must be a month written YYYY-MM')
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

/** The requested days, by default the last 30 including today. */
function dayRange(
  query: { from?: string; to?: string },
  today: string,
): DayRange {
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -29);
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
  store: TelemetryStore;
  costReports: CostReports;
  /** Loads the app named in the path with the caller's credentials (404 if unknown or hidden). */
  appOf: (
    req: express.Request,
  ) => Promise<{ app: GovernedApp; credentials: BackstageCredentials }>;
}

/** Cost, chargeback and violation routes. Any signed-in user or service may read them. */
export function addTelemetryRoutes(
  router: express.Router,
  options: TelemetryRouteOptions,
) {
  const { httpAuth, store, costReports, appOf } = options;
  const anyone = { allow: ['user', 'service'] as Array<'user' | 'service'> };

  router.get('/apps/:namespace/:name/costs', async (req, res) => {
    const query = parseInput(costQuerySchema, req.query, 'query');
    const { app } = await appOf(req);
    const today = dayOf(new Date());
    res.json(await costReports.appCosts(app, dayRange(query, today), today));
  });

  router.get('/costs', async (req, res) => {
    await httpAuth.credentials(req, anyone);
    const query = parseInput(costReportSchema, req.query, 'query');
    const today = dayOf(new Date());
    res.json(
      await costReports.report(query.groupBy, dayRange(query, today), today),
    );
  });

  router.get('/costs/chargeback.csv', async (req, res) => {
    await httpAuth.credentials(req, anyone);
    const month =
      parseInput(chargebackSchema, req.query, 'query').month ??
      dayOf(new Date()).slice(0, 7);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="trellis-chargeback-${month}.csv"`,
    );
    res.send(await costReports.chargebackCsv(month));
  });

  const sendViolations = async (
    res: express.Response,
    query: z.infer<typeof violationQuerySchema>,
    entityRefs?: string[],
  ) => {
    const range = dayRange(query, dayOf(new Date()));
    const filter: ViolationFilter = {
      entityRefs,
      types: query.type,
      severities: query.severity,
      from: new Date(`${range.from}T00:00:00Z`),
      to: new Date(`${addDays(range.to, 1)}T00:00:00Z`),
    };
    const [page, series] = await Promise.all([
      store.listViolations(filter, {
        limit: query.limit,
        offset: query.offset,
      }),
      store.violationSeries(filter),
    ]);
    const body: ViolationPage = {
      items: page.items.map(toViolation),
      totalItems: page.totalItems,
      series: series.map(({ day: date, type, count }) => ({
        date,
        type,
        count,
      })),
    };
    res.json(body);
  };

  router.get('/violations', async (req, res) => {
    await httpAuth.credentials(req, anyone);
    const query = parseInput(violationQuerySchema, req.query, 'query');
    await sendViolations(
      res,
      query,
      query.entityRef
        ? [query.entityRef.toLocaleLowerCase('en-US')]
        : undefined,
    );
  });

  router.get('/apps/:namespace/:name/violations', async (req, res) => {
    const query = parseInput(violationQuerySchema, req.query, 'query');
    const { app } = await appOf(req);
    await sendViolations(res, query, [
      app.entityRef.toLocaleLowerCase('en-US'),
    ]);
  });
}
