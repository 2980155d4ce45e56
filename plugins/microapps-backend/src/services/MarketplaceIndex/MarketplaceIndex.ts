import type {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CONNECTOR_EXPOSURE_ANNOTATION,
  CONNECTOR_EXPOSURES,
  type ConnectorExposureMap,
  connectorExposuresOf,
  DATA_CLASSES,
  MICROAPP_KIND,
  type MarketplaceItem,
  type MarketplacePage,
  type MicroAppEntity,
  type ModelCatalogEntry,
  type RiskMatrix,
  validateMicroAppEntity,
} from '@trellis/plugin-microapps-common';
import type { AppRecord, AppRecordStore } from '../../database/AppRecordStore';
import type {
  ApprovalRecord,
  GovernanceStore,
} from '../../database/GovernanceStore';
import {
  badgeDetails,
  type GovernedApp,
  governedApp,
} from '../Governance/appGovernance';
import type { MarketplaceFigures } from '../Telemetry/CostReports';
import {
  buildMarketplaceSnapshot,
  type IndexedApp,
  type MarketplaceSnapshot,
  type ParsedMarketplaceQuery,
  queryMarketplace,
} from './marketplaceQuery';

const PAGE_SIZE = 500;
const CONNECTOR_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
];

export interface MarketplaceIndexOptions {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  appRecords: AppRecordStore;
  governance: Pick<GovernanceStore, 'listApprovals'>;
  models: readonly ModelCatalogEntry[];
  riskMatrix: RiskMatrix;
  /** The last 30 days' usage per lower-case entity ref, from the telemetry store. */
  usageFigures?: () => Promise<ReadonlyMap<string, MarketplaceFigures>>;
}

/**
 * An in-memory index of every valid MicroApp in the catalog, with risk
 * already computed, so that marketplace queries over thousands of apps are
 * answered without a catalog round trip. Each backend replica keeps its own
 * copy and refreshes it on a schedule; nothing in it is authoritative.
 */
export class MarketplaceIndex {
  private snapshot: MarketplaceSnapshot = buildMarketplaceSnapshot([]);
  private apps = new Map<
    string,
    IndexedApp & { app: GovernedApp; record?: AppRecord }
  >();
  private figures: ReadonlyMap<string, MarketplaceFigures> = new Map();
  private exposures: ConnectorExposureMap = new Map();
  /** Bumped by each read of the exposures, so that an older read never replaces a newer one. */
  private exposuresRead = 0;
  private loaded?: Promise<void>;

  constructor(private readonly options: MarketplaceIndexOptions) {}

  /** Keeps the index fresh; the first query waits for the first load. */
  async start(
    scheduler: SchedulerService,
    refreshIntervalSeconds: number,
  ): Promise<void> {
    // Apps loaded one at a time (governedApp with connectorExposures) are
    // scored with the exposures of the last refresh: read them now rather
    // than only at the first query or scheduled refresh.
    this.refreshConnectorExposures().catch(error =>
      this.options.logger.warn(
        `Could not read connector exposures from the catalog: ${error}`,
      ),
    );
    await scheduler.scheduleTask({
      id: 'microapps-marketplace-index-refresh',
      scope: 'local',
      frequency: { seconds: refreshIntervalSeconds },
      timeout: { minutes: 5 },
      initialDelay: { seconds: refreshIntervalSeconds },
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          this.options.logger.warn(
            `Could not refresh the MicroApp marketplace index: ${error}`,
          );
        }
      },
    });
  }

  /** A marketplace page of the apps `canRead` allows (all without it). */
  async query(
    query: ParsedMarketplaceQuery,
    canRead?: (app: GovernedApp) => boolean,
  ): Promise<MarketplacePage> {
    await this.ensureLoaded();
    const apps = this.apps;
    return queryMarketplace(
      this.snapshot,
      query,
      canRead &&
        (entityRef => {
          const indexed = apps.get(entityRef.toLocaleLowerCase('en-US'));
          return indexed !== undefined && canRead(indexed.app);
        }),
    );
  }

  /**
   * The catalog's exposure of connector Resources as of the last refresh,
   * keyed by lower-case `resource:namespace/name`, for `governedApp`.
   */
  connectorExposures(): ConnectorExposureMap {
    return this.exposures;
  }

  /** Reads every MicroApp from the catalog and replaces the index. */
  async refresh(): Promise<void> {
    const [entities, exposures] = await Promise.all([
      this.readMicroApps(),
      this.refreshConnectorExposures(),
    ]);
    // Risk is scored on the worse of each connector's declared exposure and
    // its Resource's trellis.dev/connector-exposure annotation.
    const apps = entities.map(entity =>
      governedApp(entity, {
        ...this.options,
        connectorExposures: () => exposures,
      }),
    );
    const [records, approvals, figures] = await Promise.all([
      this.options.appRecords.recordSeen(
        apps.map(app => ({ entityRef: app.entityRef, digest: app.digest })),
        new Date(),
      ),
      this.options.governance.listApprovals(),
      this.options.usageFigures?.() ?? new Map<string, MarketplaceFigures>(),
    ]);
    this.figures = figures;
    const now = new Date();
    this.apps = new Map(
      apps.map(app => {
        const key = app.entityRef.toLocaleLowerCase('en-US');
        const record = records.get(key);
        const mine = approvals.filter(a => a.entityRef === key);
        return [key, { ...this.indexApp(app, mine, record, now), app, record }];
      }),
    );
    this.snapshot = buildMarketplaceSnapshot(Array.from(this.apps.values()));
    this.options.logger.debug(`Indexed ${apps.length} MicroApps`);
  }

  /** One indexed app, for public badges, which are answered without a caller to read the catalog as. */
  async findApp(entityRef: string): Promise<GovernedApp | undefined> {
    await this.ensureLoaded();
    return this.apps.get(entityRef.toLocaleLowerCase('en-US'))?.app;
  }

  /** A synchronous lookup by entity ref (any case) over the loaded index, for telemetry ingest. */
  async lookup(): Promise<(entityRef: string) => GovernedApp | undefined> {
    await this.ensureLoaded();
    const apps = this.apps;
    return entityRef => apps.get(entityRef.toLocaleLowerCase('en-US'))?.app;
  }

  /** Every indexed app, for the steward inbox. */
  async listApps(): Promise<
    Array<{ app: GovernedApp; firstSeenAt?: string; digestSince?: string }>
  > {
    await this.ensureLoaded();
    return Array.from(this.apps.values(), ({ app, record }) => ({
      app,
      firstSeenAt: record?.firstSeenAt.toISOString(),
      digestSince: record?.digestSince.toISOString(),
    }));
  }

  /**
   * Shows a grant or revoke in this replica's marketplace at once, with the
   * app as just read from the catalog.
   */
  updateApp(app: GovernedApp, approvals: ApprovalRecord[]): void {
    const key = app.entityRef.toLocaleLowerCase('en-US');
    const indexed = this.apps.get(key);
    if (!indexed) return;
    this.apps.set(key, {
      ...indexed,
      ...this.indexApp(app, approvals, indexed.record, new Date()),
      app,
    });
    this.snapshot = buildMarketplaceSnapshot(Array.from(this.apps.values()));
  }

  private ensureLoaded(): Promise<void> {
    if (!this.loaded) {
      this.loaded = this.refresh().catch(error => {
        this.loaded = undefined; // let the next query try again
        throw error;
      });
    }
    return this.loaded;
  }

  /** Reads the exposure of every annotated connector Resource and keeps it. */
  private async refreshConnectorExposures(): Promise<ConnectorExposureMap> {
    const read = ++this.exposuresRead;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const resources = [];
    let cursor: string | undefined;
    do {
      const page = await this.options.catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE_SIZE, fields: CONNECTOR_FIELDS }
          : {
              filter: {
                kind: 'Resource',
                [`metadata.annotations.${CONNECTOR_EXPOSURE_ANNOTATION}`]: [
                  ...CONNECTOR_EXPOSURES,
                ],
              },
              fields: CONNECTOR_FIELDS,
              limit: PAGE_SIZE,
            },
        { credentials },
      );
      resources.push(...page.items);
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    const exposures = connectorExposuresOf(resources);
    if (read === this.exposuresRead) this.exposures = exposures;
    return exposures;
  }

  private async readMicroApps(): Promise<MicroAppEntity[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entities: MicroAppEntity[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.options.catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE_SIZE }
          : { filter: { kind: MICROAPP_KIND }, limit: PAGE_SIZE },
        { credentials },
      );
      for (const entity of page.items) {
        const result = validateMicroAppEntity(entity);
        if (result.valid) entities.push(result.entity);
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return entities;
  }

  private indexApp(
    app: GovernedApp,
    approvals: ApprovalRecord[],
    record: AppRecord | undefined,
    now: Date,
  ): IndexedApp {
    const { metadata, spec } = app.entity;
    const item: MarketplaceItem = {
      entityRef: app.entityRef,
      name: metadata.name,
      namespace: metadata.namespace ?? 'default',
      title: metadata.title ?? metadata.name,
      description: metadata.description,
      owner: app.owner,
      type: spec.type,
      lifecycle: spec.lifecycle,
      tags: metadata.tags ?? [],
      tier: app.risk.tier,
      score: app.risk.score,
      models: spec.models,
      dataClasses: DATA_CLASSES.filter(c =>
        spec.data.classifications.includes(c),
      ),
      badges: badgeDetails(app, approvals, now).map(({ badge, state }) => ({
        badge,
        state,
      })),
      createdAt: record?.firstSeenAt.toISOString(),
      cost30dUsd: 0,
      requests30d: 0,
      costPerRequestUsd: 0,
      users30d: 0,
      violations30d: 0,
      ...this.figures.get(app.entityRef.toLocaleLowerCase('en-US')),
    };
    const searchText = [
      metadata.name,
      metadata.title,
      metadata.description,
      ...(metadata.tags ?? []),
    ]
      .filter(Boolean)
      .join('\n')
      .toLocaleLowerCase('en-US');
    return { item, searchText };
  }
}

/** `finance-ops` → `group:default/finance-ops`, as the catalog resolves it, lower-cased. */
export function normalizeGroupRef(ref: string, namespace = 'default'): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
}
