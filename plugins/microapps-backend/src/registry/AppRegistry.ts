import type {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CONNECTOR_EXPOSURE_ANNOTATION,
  CONNECTOR_EXPOSURES,
  type ConnectorExposureMap,
  connectorExposuresOf,
  MICROAPP_KIND,
  type MicroAppEntity,
  type ModelCatalogEntry,
  type RiskMatrix,
  validateMicroAppEntity,
} from '@trellis/plugin-microapps-common';
import { scheduleOf, type TaskSchedules } from '../shared/taskSchedules';
import type { AppRecord, AppRecordStore } from './AppRecordStore';
import { appKey, type GovernedApp, governedApp } from './governedApp';

const PAGE_SIZE = 500;
const CONNECTOR_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
];

/** An app as the registry holds it: scored, with when Trellis first saw it. */
export interface RegisteredApp {
  app: GovernedApp;
  record?: AppRecord;
}

/** Told of every refresh (all apps) and of single apps that changed. */
export interface RegistryListener {
  refreshed(apps: readonly RegisteredApp[]): Promise<void>;
  changed(app: RegisteredApp): Promise<void>;
}

export interface AppRegistryOptions {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  appRecords: AppRecordStore;
  models: readonly ModelCatalogEntry[];
  riskMatrix: RiskMatrix;
}

/**
 * Every valid MicroApp in the catalog, scored once, in memory: what ingest,
 * costs, permissions, the review inbox, public badges and the marketplace
 * read. Each backend replica keeps its own copy and refreshes it on a
 * schedule; nothing in it is authoritative.
 */
export class AppRegistry {
  private apps = new Map<string, RegisteredApp>();
  private exposures: ConnectorExposureMap = new Map();
  /** Bumped by each read of the exposures, so that an older read never replaces a newer one. */
  private exposuresRead = 0;
  private loaded?: Promise<void>;
  private readonly listeners: RegistryListener[] = [];

  constructor(private readonly options: AppRegistryOptions) {}

  /** Keeps the registry fresh; the first read waits for the first load. */
  async start(
    scheduler: SchedulerService,
    {
      registryRefreshSeconds,
      schedules,
    }: { registryRefreshSeconds: number; schedules?: TaskSchedules },
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
      // Local whatever the schedule: each replica keeps its own copy, and a
      // global task would refresh only one of them.
      scope: 'local',
      ...scheduleOf(schedules, 'marketplaceRefresh', {
        frequency: { seconds: registryRefreshSeconds },
        timeout: { minutes: 5 },
        initialDelay: { seconds: registryRefreshSeconds },
      }),
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          this.options.logger.warn(
            `Could not refresh the MicroApp registry: ${error}`,
          );
        }
      },
    });
  }

  /** Adds a view built from the registry (the marketplace index). */
  addListener(listener: RegistryListener): void {
    this.listeners.push(listener);
  }

  /** Waits until the registry has been loaded once. */
  ready(): Promise<void> {
    if (!this.loaded) {
      this.loaded = this.refresh().catch(error => {
        this.loaded = undefined; // let the next read try again
        throw error;
      });
    }
    return this.loaded;
  }

  /**
   * The catalog's exposure of connector Resources as of the last refresh,
   * keyed by lower-case `resource:namespace/name`, for `governedApp`.
   */
  connectorExposures(): ConnectorExposureMap {
    return this.exposures;
  }

  /** The context apps are scored in: the model catalog, the risk matrix and connector exposures. */
  scoring() {
    return {
      models: this.options.models,
      riskMatrix: this.options.riskMatrix,
      connectorExposures: () => this.exposures,
    };
  }

  /** Reads every MicroApp from the catalog and replaces the registry. */
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
    const records = await this.options.appRecords.recordSeen(
      apps.map(app => ({ entityRef: app.entityRef, digest: app.digest })),
      new Date(),
    );
    const registered = apps.map(app => ({
      app,
      record: records.get(appKey(app.entityRef)),
    }));
    await Promise.all(this.listeners.map(l => l.refreshed(registered)));
    this.apps = new Map(registered.map(r => [appKey(r.app.entityRef), r]));
    this.options.logger.debug(`Registered ${apps.length} MicroApps`);
  }

  /** One app, for public badges, which are answered without a caller to read the catalog as. */
  async findApp(entityRef: string): Promise<GovernedApp | undefined> {
    await this.ready();
    return this.apps.get(appKey(entityRef))?.app;
  }

  /** A synchronous lookup by entity ref (any case) over the loaded registry, for telemetry ingest. */
  async lookup(): Promise<(entityRef: string) => GovernedApp | undefined> {
    await this.ready();
    const apps = this.apps;
    return entityRef => apps.get(appKey(entityRef))?.app;
  }

  /** Every app, with when it was first seen and when its manifest last changed materially. */
  async listApps(): Promise<
    Array<{ app: GovernedApp; firstSeenAt?: string; digestSince?: string }>
  > {
    await this.ready();
    return Array.from(this.apps.values(), ({ app, record }) => ({
      app,
      firstSeenAt: record?.firstSeenAt.toISOString(),
      digestSince: record?.digestSince.toISOString(),
    }));
  }

  /**
   * Replaces one app with its manifest as just read from the catalog (after
   * a grant or revoke), so that this replica's views show the change at once.
   */
  async updateApp(app: GovernedApp): Promise<void> {
    const key = appKey(app.entityRef);
    const registered = this.apps.get(key);
    if (!registered) return;
    const updated = { ...registered, app };
    this.apps.set(key, updated);
    await Promise.all(this.listeners.map(l => l.changed(updated)));
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
}
