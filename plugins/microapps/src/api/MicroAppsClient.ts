/* eslint-disable new-cap -- openapi-fetch names its methods after the HTTP verbs (GET, POST, DELETE) */
import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AppCosts,
  AuditLogEntry,
  AuditVerification,
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
  MicroAppsApiPaths,
  ModelCatalogEntry,
  NewIngestKey,
  ReviewItem,
  RiskInput,
  RiskResult,
  ViolationPage,
} from '@trellis/plugin-microapps-common';
import createClient, { type Middleware } from 'openapi-fetch';
import type {
  Incident,
  IncidentDetail,
  IncidentEvent,
  IncidentPage,
  IncidentQuery,
  IncidentState,
  PolicyList,
} from './incidentTypes';
import type {
  DayRange,
  MicroAppRef,
  MicroAppsApi,
  ViolationQuery,
} from './MicroAppsApi';

/** The path parameters of an app from any form of app reference. */
function appParams(ref: MicroAppRef): { namespace: string; name: string } {
  return typeof ref === 'string'
    ? parseEntityRef(ref, {
        defaultKind: 'microapp',
        defaultNamespace: 'default',
      })
    : { namespace: ref.namespace ?? 'default', name: ref.name };
}

/** Any answer but 2xx becomes Backstage's ResponseError, with the server's message. */
const throwOnError: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return undefined;
  },
};

/**
 * The method, headers and body of a request. openapi-fetch hands over a
 * Request, but a portal's fetch middlewares rebuild the request they are
 * given, and a Request whose body was read once cannot be rebuilt.
 */
async function initOf(request: Request): Promise<RequestInit> {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.text() : undefined,
    signal: request.signal,
  };
}

/** What a call answered; an error has been thrown already. */
function dataOf<T>(result: { data?: T }): T {
  return result.data as T;
}

/**
 * Talks to the `microapps` backend plugin through the discovery and fetch
 * APIs, so the caller's Backstage token goes along with every request. The
 * requests and answers are typed by the client generated from the plugin's
 * OpenAPI document (openapi-fetch over the document's types).
 *
 * @public
 */
export class MicroAppsClient implements MicroAppsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly client;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.client = createClient<MicroAppsApiPaths>({
      fetch: async request =>
        options.fetchApi.fetch(request.url, await initOf(request)),
    });
    this.client.use(throwOnError);
  }

  private baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl('microapps');
  }

  async listApps(query: MarketplaceQuery = {}): Promise<MarketplacePage> {
    const q = query.q?.trim() || undefined;
    return dataOf(
      await this.client.GET('/apps', {
        baseUrl: await this.baseUrl(),
        params: { query: { ...query, q } },
      }),
    );
  }

  async getApp(ref: MicroAppRef): Promise<MicroAppDetail> {
    return dataOf(
      await this.client.GET('/apps/{namespace}/{name}', {
        baseUrl: await this.baseUrl(),
        params: { path: appParams(ref) },
      }),
    );
  }

  async evaluateRisk(spec: RiskInput): Promise<RiskResult> {
    return dataOf(
      await this.client.POST('/risk/evaluate', {
        baseUrl: await this.baseUrl(),
        body: { spec },
      }),
    );
  }

  async listModels(): Promise<ModelCatalogEntry[]> {
    const { items } = dataOf(
      await this.client.GET('/models', { baseUrl: await this.baseUrl() }),
    );
    return items;
  }

  async grantBadge(
    ref: MicroAppRef,
    badge: BadgeId,
    comment: string,
  ): Promise<MicroAppDetail> {
    return this.decideBadge('grant', ref, badge, comment);
  }

  async revokeBadge(
    ref: MicroAppRef,
    badge: BadgeId,
    comment: string,
  ): Promise<MicroAppDetail> {
    return this.decideBadge('revoke', ref, badge, comment);
  }

  async requestBadgeChanges(
    ref: MicroAppRef,
    badge: BadgeId,
    comment: string,
  ): Promise<MicroAppDetail> {
    return this.decideBadge('request-changes', ref, badge, comment);
  }

  private async decideBadge(
    decision: 'grant' | 'revoke' | 'request-changes',
    ref: MicroAppRef,
    badge: BadgeId,
    comment: string,
  ): Promise<MicroAppDetail> {
    return dataOf(
      await this.client.POST(
        `/apps/{namespace}/{name}/badges/{badge}/${decision}`,
        {
          baseUrl: await this.baseUrl(),
          params: { path: { ...appParams(ref), badge } },
          body: { comment },
        },
      ),
    );
  }

  async getGate(ref: MicroAppRef, stage: GatedStage): Promise<Gate> {
    return dataOf(
      await this.client.GET('/apps/{namespace}/{name}/gate', {
        baseUrl: await this.baseUrl(),
        params: { path: appParams(ref), query: { stage } },
      }),
    );
  }

  async getKillSwitch(ref: MicroAppRef): Promise<KillSwitchState> {
    return dataOf(
      await this.client.GET('/apps/{namespace}/{name}/kill-switch', {
        baseUrl: await this.baseUrl(),
        params: { path: appParams(ref) },
      }),
    );
  }

  async setKillSwitch(
    ref: MicroAppRef,
    state: { enabled: boolean; reason: string },
  ): Promise<KillSwitchState> {
    return dataOf(
      await this.client.POST('/apps/{namespace}/{name}/kill-switch', {
        baseUrl: await this.baseUrl(),
        params: { path: appParams(ref) },
        body: state,
      }),
    );
  }

  async listIngestKeys(ref: MicroAppRef): Promise<IngestKeySummary[]> {
    const { items } = dataOf(
      await this.client.GET('/apps/{namespace}/{name}/ingest-keys', {
        baseUrl: await this.baseUrl(),
        params: { path: appParams(ref) },
      }),
    );
    return items;
  }

  async createIngestKey(ref: MicroAppRef, name: string): Promise<NewIngestKey> {
    return dataOf(
      await this.client.POST('/apps/{namespace}/{name}/ingest-keys', {
        baseUrl: await this.baseUrl(),
        params: { path: appParams(ref) },
        body: { name },
      }),
    );
  }

  async revokeIngestKey(ref: MicroAppRef, id: string): Promise<void> {
    await this.client.DELETE('/apps/{namespace}/{name}/ingest-keys/{id}', {
      baseUrl: await this.baseUrl(),
      params: { path: { ...appParams(ref), id } },
    });
  }

  async getTracesEndpoint(): Promise<string> {
    return `${await this.baseUrl()}/v1/traces`;
  }

  async listReviews(): Promise<ReviewItem[]> {
    const { items } = dataOf(
      await this.client.GET('/reviews', { baseUrl: await this.baseUrl() }),
    );
    return items;
  }

  async listAudit(
    query: { entityRef?: string; limit?: number; beforeId?: number } = {},
  ): Promise<AuditLogEntry[]> {
    const { items } = dataOf(
      await this.client.GET('/audit', {
        baseUrl: await this.baseUrl(),
        params: { query },
      }),
    );
    return items;
  }

  async verifyAudit(): Promise<AuditVerification> {
    return dataOf(
      await this.client.GET('/audit/verify', { baseUrl: await this.baseUrl() }),
    );
  }

  async exportAudit(): Promise<string> {
    return dataOf(
      await this.client.GET('/audit/export', {
        baseUrl: await this.baseUrl(),
        parseAs: 'text',
      }),
    );
  }

  async getAppCosts(ref: MicroAppRef, range: DayRange = {}): Promise<AppCosts> {
    return dataOf(
      await this.client.GET('/apps/{namespace}/{name}/costs', {
        baseUrl: await this.baseUrl(),
        params: { path: appParams(ref), query: range },
      }),
    );
  }

  async getCostReport(
    groupBy: CostGroupBy,
    query: DayRange & { owner?: string } = {},
  ): Promise<CostReport> {
    return dataOf(
      await this.client.GET('/costs', {
        baseUrl: await this.baseUrl(),
        params: { query: { groupBy, ...query } },
      }),
    );
  }

  async getChargebackCsv(month: string): Promise<string> {
    return dataOf(
      await this.client.GET('/costs/chargeback.csv', {
        baseUrl: await this.baseUrl(),
        params: { query: { month } },
        parseAs: 'text',
      }),
    );
  }

  async listViolations(
    query: ViolationQuery & { entityRef?: string } = {},
  ): Promise<ViolationPage> {
    const { entityRef, ...filters } = query;
    const baseUrl = await this.baseUrl();
    if (!entityRef) {
      return dataOf(
        await this.client.GET('/violations', {
          baseUrl,
          params: { query: filters },
        }),
      );
    }
    return dataOf(
      await this.client.GET('/apps/{namespace}/{name}/violations', {
        baseUrl,
        params: { path: appParams(entityRef), query: filters },
      }),
    );
  }

  async listIncidents(query: IncidentQuery = {}): Promise<IncidentPage> {
    return dataOf(
      await this.client.GET('/incidents', {
        baseUrl: await this.baseUrl(),
        params: { query },
      }),
    );
  }

  async listAppIncidents(ref: MicroAppRef): Promise<Incident[]> {
    const { items } = dataOf(
      await this.client.GET('/apps/{namespace}/{name}/incidents', {
        baseUrl: await this.baseUrl(),
        params: { path: appParams(ref) },
      }),
    );
    return items;
  }

  async getIncident(id: number): Promise<IncidentDetail> {
    return dataOf(
      await this.client.GET('/incidents/{id}', {
        baseUrl: await this.baseUrl(),
        params: { path: { id: String(id) } },
      }),
    );
  }

  async addIncidentNote(id: number, text: string): Promise<IncidentEvent> {
    return dataOf(
      await this.client.POST('/incidents/{id}/notes', {
        baseUrl: await this.baseUrl(),
        params: { path: { id: String(id) } },
        body: { text },
      }),
    );
  }

  async setIncidentState(
    id: number,
    state: IncidentState,
    note: string,
  ): Promise<IncidentDetail> {
    return dataOf(
      await this.client.POST('/incidents/{id}/state', {
        baseUrl: await this.baseUrl(),
        params: { path: { id: String(id) } },
        body: { state, note },
      }),
    );
  }

  async listPolicies(): Promise<PolicyList> {
    return dataOf(
      await this.client.GET('/policies', { baseUrl: await this.baseUrl() }),
    );
  }
}
