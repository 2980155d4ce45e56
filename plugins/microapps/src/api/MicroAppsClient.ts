import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  MarketplacePage,
  MarketplaceQuery,
  MicroAppDetail,
  ModelCatalogEntry,
  RiskInput,
  RiskResult,
} from '@trellis/plugin-microapps-common';
import type { MicroAppRef, MicroAppsApi } from './MicroAppsApi';

/** Query fields sent once per value: `tier=high&tier=medium`. */
const LIST_FIELDS = [
  'tier',
  'lifecycle',
  'badge',
  'dataClass',
  'owner',
  'model',
  'type',
] as const;

/**
 * Talks to the `microapps` backend plugin through the discovery and fetch
 * APIs, so the caller's Backstage token goes along with every request.
 *
 * @public
 */
export class MicroAppsClient implements MicroAppsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listApps(query: MarketplaceQuery = {}): Promise<MarketplacePage> {
    const params = new URLSearchParams();
    if (query.q?.trim()) params.set('q', query.q.trim());
    for (const field of LIST_FIELDS) {
      for (const value of query[field] ?? []) {
        params.append(field, value);
      }
    }
    if (query.sort) params.set('sort', query.sort);
    if (query.order) params.set('order', query.order);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    const search = params.toString();
    return this.request<MarketplacePage>(`/apps${search ? `?${search}` : ''}`);
  }

  async getApp(ref: MicroAppRef): Promise<MicroAppDetail> {
    const { namespace, name } =
      typeof ref === 'string'
        ? parseEntityRef(ref, {
            defaultKind: 'microapp',
            defaultNamespace: 'default',
          })
        : { namespace: ref.namespace ?? 'default', name: ref.name };
    return this.request<MicroAppDetail>(
      `/apps/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
    );
  }

  async evaluateRisk(spec: RiskInput): Promise<RiskResult> {
    return this.request<RiskResult>('/risk/evaluate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ spec }),
    });
  }

  async listModels(): Promise<ModelCatalogEntry[]> {
    const { items } = await this.request<{ items: ModelCatalogEntry[] }>(
      '/models',
    );
    return items;
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('microapps');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
