/**
 * What the plugin's tests share: a real MicroAppsClient for msw handlers at
 * the backend's URL, a MicroAppsApi of jest mocks, rendering in a test app
 * with that API, a probe of the query string, a clock fixed for each test,
 * and test data every area uses. What only one area needs stays in that
 * area's `__testUtils__`.
 */
import {
  mockApis,
  renderInTestApp,
  type TestAppOptions,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import {
  appStatus,
  type CostReport,
  type MarketplaceItem,
} from '@trellis/plugin-microapps-common';
import { useLocation } from 'react-router-dom';
import { microAppsApiRef, type MicroAppsApi, MicroAppsClient } from '../api';

/** Where the tests' backend lives; msw handlers answer at its real URLs. */
export const baseUrl = 'http://backstage.test:7007';

/** A real client that asks the backend at `baseUrl`. */
export function createClient() {
  return new MicroAppsClient({
    discoveryApi: mockApis.discovery({ baseUrl }),
    fetchApi: mockApis.fetch(),
  });
}

/** A MicroAppsApi of jest mocks: those given run as given, the rest answer undefined. */
export function mockMicroAppsApi(
  impl: Partial<MicroAppsApi> = {},
): jest.Mocked<MicroAppsApi> {
  return {
    listApps: jest.fn(impl.listApps),
    getApp: jest.fn(impl.getApp),
    evaluateRisk: jest.fn(impl.evaluateRisk),
    listModels: jest.fn(impl.listModels),
    grantBadge: jest.fn(impl.grantBadge),
    revokeBadge: jest.fn(impl.revokeBadge),
    requestBadgeChanges: jest.fn(impl.requestBadgeChanges),
    getGate: jest.fn(impl.getGate),
    getKillSwitch: jest.fn(impl.getKillSwitch),
    listIngestKeys: jest.fn(impl.listIngestKeys),
    createIngestKey: jest.fn(impl.createIngestKey),
    revokeIngestKey: jest.fn(impl.revokeIngestKey),
    getTracesEndpoint: jest.fn(impl.getTracesEndpoint),
    setKillSwitch: jest.fn(impl.setKillSwitch),
    listReviews: jest.fn(impl.listReviews),
    listAudit: jest.fn(impl.listAudit),
    verifyAudit: jest.fn(impl.verifyAudit),
    exportAudit: jest.fn(impl.exportAudit),
    getAppCosts: jest.fn(impl.getAppCosts),
    getCostReport: jest.fn(impl.getCostReport),
    getChargebackCsv: jest.fn(impl.getChargebackCsv),
    listViolations: jest.fn(impl.listViolations),
    listIncidents: jest.fn(impl.listIncidents),
    listAppIncidents: jest.fn(impl.listAppIncidents),
    getIncident: jest.fn(impl.getIncident),
    addIncidentNote: jest.fn(impl.addIncidentNote),
    setIncidentState: jest.fn(impl.setIncidentState),
    listPolicies: jest.fn(impl.listPolicies),
  };
}

/**
 * Renders `element` in a test app with `api` as the MicroAppsApi (and any
 * other `apis`), the catalog's entity pages mounted, at `url` if given.
 */
export function renderWithMicroAppsApi(
  element: JSX.Element,
  api: MicroAppsApi,
  options: { url?: string; apis?: TestAppOptions['apis'] } = {},
) {
  return renderInTestApp(element, {
    apis: [[microAppsApiRef, api], ...(options.apis ?? [])],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    initialRouteEntries: options.url ? [options.url] : undefined,
  });
}

/** Shows the current query string, as a user would see it in the address bar. */
export function LocationProbe() {
  return <output data-testid="location">{useLocation().search}</output>;
}

/** The region (a figure, a panel) of that name. */
export const region = (name: string) => screen.getByRole('region', { name });

/**
 * Hooks for a `describe`: each test runs on a clock fixed at `now` (by
 * default 2026-11-23 15:00 UTC); only the clock is fixed, timers stay real
 * for user events and waitFor.
 */
export function setupFixedClock(now = '2026-11-23T15:00:00Z') {
  beforeEach(() => {
    jest.useFakeTimers({
      now: new Date(now),
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });
  afterEach(() => jest.useRealTimers());
}

/** A report whose totals are those of its groups, as when the list is not cut. */
export function withTotals(
  report: Omit<CostReport, 'totalGroups' | 'totalRequests'>,
): CostReport {
  return {
    ...report,
    totalGroups: report.groups.length,
    totalRequests: report.groups.reduce((sum, g) => sum + g.requests, 0),
  };
}

/**
 * A marketplace entry: the ticket triage classifier, with `overrides`; its
 * status computed by common's `appStatus` unless overridden.
 */
export function marketplaceItem(
  overrides: Partial<MarketplaceItem>,
): MarketplaceItem {
  const item: Omit<MarketplaceItem, 'status'> = {
    entityRef: 'microapp:default/ticket-triage-classifier',
    name: 'ticket-triage-classifier',
    namespace: 'default',
    title: 'Ticket Triage Classifier',
    description: 'Tags every new ticket and routes it to the right queue.',
    owner: 'group:default/customer-support',
    type: 'classifier',
    lifecycle: 'production',
    tags: [],
    tier: 'medium',
    score: 48,
    models: ['bedrock-claude-3-5-haiku'],
    dataClasses: ['internal', 'confidential'],
    badges: [
      { badge: 'security-review', state: 'granted' },
      { badge: 'compliance-review', state: 'pending' },
      { badge: 'executive-signoff', state: 'pending' },
      { badge: 'production-readiness', state: 'stale' },
    ],
    cost30dUsd: 1234.5,
    requests30d: 12000,
    costPerRequestUsd: 0.035,
    users30d: 42,
    violations30d: 0,
    highViolations30d: 0,
    ...overrides,
  };
  return {
    ...item,
    status:
      overrides.status ??
      appStatus({
        tier: item.tier,
        lifecycle: item.lifecycle,
        badges: item.badges,
        killSwitchEngaged: false,
      }),
  };
}
