import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AppCosts,
  AuditLogEntry,
  AuditVerification,
  BadgeDetail,
  BadgeId,
  CostGroupBy,
  CostReport,
  Gate,
  GatedStage,
  IngestKeySummary,
  KillSwitchState,
  MarketplacePage,
  MarketplaceQuery,
  MicroAppDetail,
  ModelCatalogEntry,
  NewIngestKey,
  ReviewItem,
  RiskInput,
  RiskResult,
  ViolationPage,
} from '@trellis/plugin-microapps-common';
import type {
  DayRange,
  MicroAppRef,
  MicroAppsApi,
  ViolationQuery,
} from './MicroAppsApi';

/** `?a=1&b=2` from defined values, repeating arrays; '' when empty. */
function queryString(
  values: Record<string, string | number | string[] | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '') continue;
    for (const item of ([] as Array<string | number>).concat(value)) {
      params.append(key, String(item));
    }
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** `/apps/default/name` for any form of app reference. */
function appPath(ref: MicroAppRef): string {
  const { namespace, name } =
    typeof ref === 'string'
      ? parseEntityRef(ref, {
          defaultKind: 'microapp',
          defaultNamespace: 'default',
        })
      : { namespace: ref.namespace ?? 'default', name: ref.name };
  return `/apps/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

const jsonBody = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

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
    return this.request<MicroAppDetail>(appPath(ref));
  }

  async evaluateRisk(spec: RiskInput): Promise<RiskResult> {
    return this.request<RiskResult>('/risk/evaluate', jsonBody({ spec }));
  }

  async listModels(): Promise<ModelCatalogEntry[]> {
    const { items } = await this.request<{ items: ModelCatalogEntry[] }>(
      '/models',
    );
    return items;
  }

  async grantBadge(
    ref: MicroAppRef,
    badge: BadgeId,
    comment: string,
  ): Promise<BadgeDetail> {
    return this.request<BadgeDetail>(
      `${appPath(ref)}/badges/${encodeURIComponent(badge)}/grant`,
      jsonBody({ comment }),
    );
  }

  async revokeBadge(
    ref: MicroAppRef,
    badge: BadgeId,
    comment: string,
  ): Promise<BadgeDetail> {
    return this.request<BadgeDetail>(
      `${appPath(ref)}/badges/${encodeURIComponent(badge)}/revoke`,
      jsonBody({ comment }),
    );
  }

  async getGate(ref: MicroAppRef, stage: GatedStage): Promise<Gate> {
    return this.request<Gate>(`${appPath(ref)}/gate${queryString({ stage })}`);
  }

  async getKillSwitch(ref: MicroAppRef): Promise<KillSwitchState> {
    return this.request<KillSwitchState>(`${appPath(ref)}/kill-switch`);
  }

  async setKillSwitch(
    ref: MicroAppRef,
    state: { enabled: boolean; reason: string },
  ): Promise<KillSwitchState> {
    return this.request<KillSwitchState>(
      `${appPath(ref)}/kill-switch`,
      jsonBody(state),
    );
  }

  async listIngestKeys(ref: MicroAppRef): Promise<IngestKeySummary[]> {
    return (
      await this.request<{ items: IngestKeySummary[] }>(
        `${appPath(ref)}/ingest-keys`,
      )
    ).items;
  }

  async createIngestKey(ref: MicroAppRef, name: string): Promise<NewIngestKey> {
    return this.request<NewIngestKey>(
      `${appPath(ref)}/ingest-keys`,
      jsonBody({ name }),
    );
  }

  async revokeIngestKey(ref: MicroAppRef, id: string): Promise<void> {
    await this.fetch(`${appPath(ref)}/ingest-keys/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }

  async getTracesEndpoint(): Promise<string> {
    return `${await this.discoveryApi.getBaseUrl('microapps')}/v1/traces`;
  }

  async listReviews(): Promise<ReviewItem[]> {
    return (await this.request<{ items: ReviewItem[] }>('/reviews')).items;
  }

  async listAudit(
    query: { entityRef?: string; limit?: number; beforeId?: number } = {},
  ): Promise<AuditLogEntry[]> {
    return (
      await this.request<{ items: AuditLogEntry[] }>(
        `/audit${queryString(query)}`,
      )
    ).items;
  }

  async verifyAudit(): Promise<AuditVerification> {
    return this.request<AuditVerification>('/audit/verify');
  }

  async getAppCosts(ref: MicroAppRef, range: DayRange = {}): Promise<AppCosts> {
    return this.request<AppCosts>(
      `${appPath(ref)}/costs${queryString({ ...range })}`,
    );
  }

  async getCostReport(
    groupBy: CostGroupBy,
    query: DayRange & { owner?: string } = {},
  ): Promise<CostReport> {
    return this.request<CostReport>(
      `/costs${queryString({ groupBy, ...query })}`,
    );
  }

  async getChargebackCsv(month: string): Promise<string> {
    const response = await this.fetch(
      `/costs/chargeback.csv${queryString({ month })}`,
    );
    return response.text();
  }

  async listViolations(
    query: ViolationQuery & { entityRef?: string } = {},
  ): Promise<ViolationPage> {
    const { entityRef, ...filters } = query;
    const base = entityRef ? `${appPath(entityRef)}/violations` : '/violations';
    return this.request<ViolationPage>(`${base}${queryString({ ...filters })}`);
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('microapps');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    return (await (await this.fetch(path, init)).json()) as T;
  }
}
