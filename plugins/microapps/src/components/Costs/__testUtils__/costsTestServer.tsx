/**
 * Test data and msw handlers for the costs page: a real MicroAppsClient asks
 * these handlers for cost reports at the backend's real URLs, on a clock
 * fixed at 2026-11-23 15:00 UTC.
 */
import type { Entity } from '@backstage/catalog-model';
import type {
  CostGroup,
  CostGroupBy,
  CostReport,
} from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  baseUrl,
  createClient,
  LocationProbe,
  renderWithMicroAppsApi,
  setupFixedClock,
  withTotals,
} from '../../../__testUtils__/microAppsTestKit';
import { CostsPage } from '../CostsPage';

export const server = setupServer();

/** The MicroApp whose Cost tab the tests open. */
export const costTabEntity: Entity = {
  apiVersion: 'trellis.dev/v1alpha1',
  kind: 'MicroApp',
  metadata: { name: 'ticket-summarizer', namespace: 'default' },
  spec: { owner: 'group:default/customer-support' },
};

export function group(
  overrides: Partial<CostGroup> & { key: string },
): CostGroup {
  return {
    label: overrides.key,
    costUsd: 0,
    costMicros: Math.round(0 * 1_000_000),
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
    costPerRequestUsd: 0,
    previousCostUsd: 0,
    changePct: null,
    apps: 1,
    ...overrides,
  };
}

export const teamReport: CostReport = withTotals({
  groupBy: 'team',
  from: '2026-10-25',
  to: '2026-11-23',
  previousFrom: '2026-09-25',
  previousTo: '2026-10-24',
  totalUsd: 5000,
  totalMicros: Math.round(5000 * 1_000_000),
  previousTotalUsd: 4000,
  changePct: 25,
  // Apps over their own budget this month, of the apps with one.
  overBudget: { apps: 3, appsWithBudget: 7 },
  budgetUsd: 5000,
  groups: [
    group({
      key: 'group:default/finance-ops',
      label: 'finance-ops',
      costUsd: 2500,
      costMicros: Math.round(2500 * 1_000_000),
      previousCostUsd: 1500,
      changePct: 66.67,
      requests: 20000,
      costPerRequestUsd: 0.125,
      budgetUsd: 2000,
      monthToDateUsd: 2200,
      appsOverBudget: 2,
      apps: 3,
    }),
    group({
      key: 'group:default/customer-support',
      label: 'customer-support',
      costUsd: 1500,
      costMicros: Math.round(1500 * 1_000_000),
      previousCostUsd: 2000,
      changePct: -25,
      requests: 30000,
      costPerRequestUsd: 0.05,
      budgetUsd: 3000,
      monthToDateUsd: 1000,
      // The team is under its summed budget, but one app is over its own.
      appsOverBudget: 1,
      apps: 4,
    }),
    group({
      key: 'group:default/legal-ops',
      label: 'legal-ops',
      costUsd: 700,
      costMicros: Math.round(700 * 1_000_000),
      previousCostUsd: 500,
      changePct: 40,
      requests: 5000,
      costPerRequestUsd: 0.14,
      monthToDateUsd: 400,
    }),
    group({
      key: '(unregistered)',
      label: 'Unregistered apps',
      costUsd: 300,
      costMicros: Math.round(300 * 1_000_000),
      requests: 1000,
      costPerRequestUsd: 0.3,
      monthToDateUsd: 300,
    }),
  ],
  series: [
    { date: '2026-11-22', key: 'group:default/finance-ops', costUsd: 100 },
    { date: '2026-11-22', key: 'group:default/customer-support', costUsd: 60 },
    { date: '2026-11-23', key: 'group:default/finance-ops', costUsd: 120 },
    { date: '2026-11-23', key: 'group:default/legal-ops', costUsd: 30 },
    { date: '2026-11-23', key: '(unregistered)', costUsd: 10 },
  ],
});

/** Answers `GET /costs` from the given reports and records each request. */
export function serveReports(
  reports: Partial<Record<CostGroupBy, CostReport>>,
) {
  const requests: URLSearchParams[] = [];
  server.use(
    http.get(`${baseUrl}/api/microapps/costs`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      requests.push(params);
      const report = reports[params.get('groupBy') as CostGroupBy];
      return report
        ? HttpResponse.json({
            ...report,
            from: params.get('from'),
            to: params.get('to'),
          })
        : HttpResponse.json(
            { error: { name: 'NotFoundError', message: 'no fixture' } },
            { status: 404 },
          );
    }),
  );
  return requests;
}

export function renderPage(
  url = '/microapps/costs',
  apis?: NonNullable<Parameters<typeof renderWithMicroAppsApi>[2]>['apis'],
) {
  return renderWithMicroAppsApi(
    <>
      <CostsPage />
      <LocationProbe />
    </>,
    createClient(),
    { url, apis },
  );
}

/**
 * Hooks for a `describe` of the costs page: the msw server listens, and only
 * the clock is fixed; timers stay real for user events and waitFor.
 */
export function setupCostsPageTests() {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  setupFixedClock();
  afterEach(() => {
    server.resetHandlers();
    jest.restoreAllMocks();
  });
  afterAll(() => server.close());
}
