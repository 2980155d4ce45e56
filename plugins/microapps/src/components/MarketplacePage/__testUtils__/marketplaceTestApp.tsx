/**
 * Test data and a rendering helper for the marketplace page: two micro-apps,
 * a mocked MicroAppsApi that answers `listApps`, and a probe that shows the
 * query string.
 */
import type {
  MarketplaceItem,
  MarketplacePage as MarketplacePageResult,
} from '@trellis/plugin-microapps-common';
import type { MicroAppsApi } from '../../../api';
import {
  LocationProbe,
  marketplaceItem,
  mockMicroAppsApi,
  renderWithMicroAppsApi,
} from '../../../__testUtils__/microAppsTestKit';
import { MarketplacePage } from '../MarketplacePage';

export const triage = marketplaceItem({});
export const contracts = marketplaceItem({
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

export const mockApi = (listApps: MicroAppsApi['listApps']) =>
  mockMicroAppsApi({ listApps });

export function renderPage(api: MicroAppsApi, url = '/microapps') {
  return renderWithMicroAppsApi(
    <>
      <MarketplacePage />
      <LocationProbe />
    </>,
    api,
    { url },
  );
}

export const page = (
  items: MarketplaceItem[],
  totalItems = items.length,
): MarketplacePageResult => ({ items, totalItems });
