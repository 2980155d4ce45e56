import type {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BADGE_IDS,
  DATA_CLASSES,
  evaluateRisk,
  MICROAPP_KIND,
  type MarketplaceItem,
  type MarketplacePage,
  type MicroAppEntity,
  type ModelCatalogEntry,
  type RiskMatrix,
  validateMicroAppEntity,
} from '@trellis/plugin-microapps-common';
import type { AppRecordStore } from '../../database/AppRecordStore';
import {
  buildMarketplaceSnapshot,
  type IndexedApp,
  type MarketplaceSnapshot,
  type ParsedMarketplaceQuery,
  queryMarketplace,
} from './marketplaceQuery';

const PAGE_SIZE = 500;

export interface MarketplaceIndexOptions {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  appRecords: AppRecordStore;
  models: readonly ModelCatalogEntry[];
  riskMatrix: RiskMatrix;
}

/**
 * An in-memory index of every valid MicroApp in the catalog, with risk
 * already computed, so that marketplace queries over thousands of apps are
 * answered without a catalog round trip. Each backend replica keeps its own
 * copy and refreshes it on a schedule; nothing in it is authoritative.
 */
export class MarketplaceIndex {
  private snapshot: MarketplaceSnapshot = buildMarketplaceSnapshot([]);
  private loaded?: Promise<void>;

  constructor(private readonly options: MarketplaceIndexOptions) {}

  /** Keeps the index fresh; the first query waits for the first load. */
  async start(scheduler: SchedulerService, refreshIntervalSeconds: number): Promise<void> {
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
          this.options.logger.warn(`Could not refresh the MicroApp marketplace index: ${error}`);
        }
      },
    });
  }

  async query(query: ParsedMarketplaceQuery): Promise<MarketplacePage> {
    await this.ensureLoaded();
    return queryMarketplace(this.snapshot, query);
  }

  /** Reads every MicroApp from the catalog and replaces the index. */
  async refresh(): Promise<void> {
    const entities = await this.readMicroApps();
    const firstSeen = await this.options.appRecords.recordSeen(
      entities.map(entity => stringifyEntityRef(entity)),
      new Date(),
    );
    this.snapshot = buildMarketplaceSnapshot(entities.map(entity => this.indexApp(entity, firstSeen)));
    this.options.logger.debug(`Indexed ${entities.length} MicroApps`);
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

  private async readMicroApps(): Promise<MicroAppEntity[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entities: MicroAppEntity[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.options.catalog.queryEntities(
        cursor ? { cursor, limit: PAGE_SIZE } : { filter: { kind: MICROAPP_KIND }, limit: PAGE_SIZE },
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

  private indexApp(entity: MicroAppEntity, firstSeen: Map<string, Date>): IndexedApp {
    const entityRef = stringifyEntityRef(entity);
    const { metadata, spec } = entity;
    const risk = evaluateRisk(spec, {
      models: this.options.models,
      matrix: this.options.riskMatrix,
    });
    const item: MarketplaceItem = {
      entityRef,
      name: metadata.name,
      namespace: metadata.namespace ?? 'default',
      title: metadata.title ?? metadata.name,
      description: metadata.description,
      owner: normalizeGroupRef(spec.owner, metadata.namespace),
      type: spec.type,
      lifecycle: spec.lifecycle,
      tags: metadata.tags ?? [],
      tier: risk.tier,
      score: risk.score,
      models: spec.models,
      dataClasses: DATA_CLASSES.filter(c => spec.data.classifications.includes(c)),
      // Approvals arrive with the governance store; until then nothing is granted.
      badges: BADGE_IDS.map(badge => ({ badge, state: 'pending' as const })),
      createdAt: firstSeen.get(entityRef)?.toISOString(),
      // Usage figures arrive with the telemetry store.
      cost30dUsd: 0,
      requests30d: 0,
      users30d: 0,
      violations30d: 0,
    };
    const searchText = [metadata.name, metadata.title, metadata.description, ...(metadata.tags ?? [])]
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
      parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: namespace }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
}
