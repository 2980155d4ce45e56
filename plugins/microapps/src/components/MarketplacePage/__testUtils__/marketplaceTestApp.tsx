/**
 * Test data and a rendering helper for the marketplace page: two micro-apps,
 * a mocked MicroAppsApi, and a probe that shows the query string.
 */
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  MarketplaceItem,
  MarketplacePage as MarketplacePageResult,
} from '@trellis/plugin-microapps-common';
import { useLocation } from 'react-router-dom';
import { microAppsApiRef, type MicroAppsApi } from '../../../api';
import { MarketplacePage } from '../MarketplacePage';

export function item(overrides: Partial<MarketplaceItem>): MarketplaceItem {
  return {
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
    ...overrides,
  };
}

export const triage = item({});
export const contracts = item({
  entityRef: 'microapp:legal/contract-clause-extractor',
  name: 'contract-clause-extractor',
  namespace: 'legal',
  title: 'Contract Clause Extractor',
  description: undefined,
  owner: 'group:default/legal-ops',
  type: 'extractor',
  lifecycle: 'canary',
  tier: 'high',
  score: 72,
  models: ['deepseek-chat'],
  dataClasses: ['regulated'],
  cost30dUsd: 0,
  requests30d: 0,
  costPerRequestUsd: 0,
  users30d: 0,
});

/** Shows the current query string, as a user would see it in the address bar. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.search}</output>;
}

export function mockApi(
  listApps: MicroAppsApi['listApps'],
): jest.Mocked<MicroAppsApi> {
  return {
    listApps: jest.fn(listApps),
    getApp: jest.fn(),
    evaluateRisk: jest.fn(),
    listModels: jest.fn(),
    grantBadge: jest.fn(),
    revokeBadge: jest.fn(),
    getGate: jest.fn(),
    getKillSwitch: jest.fn(),
    listIngestKeys: jest.fn(),
    createIngestKey: jest.fn(),
    revokeIngestKey: jest.fn(),
    getTracesEndpoint: jest.fn(),
    setKillSwitch: jest.fn(),
    listReviews: jest.fn(),
    listAudit: jest.fn(),
    verifyAudit: jest.fn(),
    getAppCosts: jest.fn(),
    getCostReport: jest.fn(),
    getChargebackCsv: jest.fn(),
    listViolations: jest.fn(),
  };
}

export function renderPage(api: MicroAppsApi, url = '/microapps') {
  return renderInTestApp(
    <>
      <MarketplacePage />
      <LocationProbe />
    </>,
    {
      apis: [[microAppsApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: [url],
    },
  );
}

export const page = (
  items: MarketplaceItem[],
  totalItems = items.length,
): MarketplacePageResult => ({ items, totalItems });
