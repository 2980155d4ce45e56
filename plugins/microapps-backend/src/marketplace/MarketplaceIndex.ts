import {
  DATA_CLASSES,
  type MarketplaceItem,
  type MarketplacePage,
  type ThirtyDayUsage,
} from '@trellis/plugin-microapps-common';
import type { AppRegistry, RegisteredApp } from '../registry/AppRegistry';
import { appKey, type GovernedApp } from '../registry/governedApp';
import type {
  ApprovalRecord,
  GovernanceStore,
} from '../governance/GovernanceStore';
import { badgeDetails, statusOf } from '../governance/appGovernance';
import {
  buildMarketplaceSnapshot,
  type IndexedApp,
  type MarketplaceSnapshot,
  type ParsedMarketplaceQuery,
  queryMarketplace,
} from './marketplaceQuery';

/** The figures of an app without usage in the last 30 days. */
const NO_USAGE: ThirtyDayUsage = {
  cost30dUsd: 0,
  requests30d: 0,
  costPerRequestUsd: 0,
  users30d: 0,
  violations30d: 0,
  highViolations30d: 0,
};

export interface MarketplaceIndexOptions {
  registry: AppRegistry;
  approvals: Pick<GovernanceStore, 'listApprovals'>;
  /** The last 30 days' usage per lower-case entity ref, from the telemetry store. */
  usageFigures?: () => Promise<ReadonlyMap<string, ThirtyDayUsage>>;
  /**
   * Lower-case refs of the apps whose kill switch is on (the governance
   * feature's `engagedKillSwitches`, read at most once a second), asked on
   * each query so that every replica shows a switch within a second.
   */
  killedApps?: () => Promise<ReadonlySet<string>>;
}

const NONE_KILLED: ReadonlySet<string> = new Set();

/**
 * The registry's apps as marketplace items (badge states, 30-day figures),
 * pre-sorted in every order and in a full-text index, so that queries over
 * thousands of apps are answered without a catalog round trip. Rebuilt on
 * each registry refresh and updated at once when an app's approvals change.
 */
export class MarketplaceIndex {
  private snapshot: MarketplaceSnapshot = buildMarketplaceSnapshot([]);
  private items = new Map<string, IndexedApp & { app: GovernedApp }>();
  private figures: ReadonlyMap<string, ThirtyDayUsage> = new Map();

  constructor(private readonly options: MarketplaceIndexOptions) {
    options.registry.addListener({
      refreshed: apps => this.rebuild(apps),
      changed: app => this.update(app),
    });
  }

  /** A marketplace page of the apps `canRead` allows (all without it). */
  async query(
    query: ParsedMarketplaceQuery,
    canRead?: (app: GovernedApp) => boolean,
  ): Promise<MarketplacePage> {
    await this.options.registry.ready();
    const items = this.items;
    const [page, killed] = await Promise.all([
      queryMarketplace(
        this.snapshot,
        query,
        canRead &&
          (entityRef => {
            const indexed = items.get(appKey(entityRef));
            return indexed !== undefined && canRead(indexed.app);
          }),
      ),
      this.options.killedApps?.() ?? NONE_KILLED,
    ]);
    return {
      ...page,
      items: page.items.map(item => withKillSwitch(item, items, killed)),
    };
  }

  /** The app's figures as its marketplace row shows them; undefined if the index does not list it. */
  async usageOf(entityRef: string): Promise<ThirtyDayUsage | undefined> {
    await this.options.registry.ready();
    const key = appKey(entityRef);
    if (!this.items.has(key)) return undefined;
    return this.figures.get(key) ?? NO_USAGE;
  }

  private async rebuild(apps: readonly RegisteredApp[]): Promise<void> {
    const [approvals, figures] = await Promise.all([
      this.options.approvals.listApprovals(),
      this.options.usageFigures?.() ?? new Map<string, ThirtyDayUsage>(),
    ]);
    this.figures = figures;
    const now = new Date();
    this.items = new Map(
      apps.map(({ app, record }) => {
        const key = appKey(app.entityRef);
        const mine = approvals.filter(a => a.entityRef === key);
        return [
          key,
          { ...this.indexApp(app, mine, record?.firstSeenAt, now), app },
        ];
      }),
    );
    this.snapshot = buildMarketplaceSnapshot(Array.from(this.items.values()));
  }

  private async update({ app, record }: RegisteredApp): Promise<void> {
    const approvals = await this.options.approvals.listApprovals(app.entityRef);
    const key = appKey(app.entityRef);
    if (!this.items.has(key)) return;
    const indexed = this.indexApp(
      app,
      approvals,
      record?.firstSeenAt,
      new Date(),
    );
    this.items.set(key, { ...indexed, app });
    const { search } = this.snapshot;
    search.replace(indexed.item);
    this.snapshot = buildMarketplaceSnapshot(
      Array.from(this.items.values()),
      search,
    );
  }

  private indexApp(
    app: GovernedApp,
    approvals: ApprovalRecord[],
    firstSeenAt: Date | undefined,
    now: Date,
  ): IndexedApp {
    const { metadata, spec } = app.entity;
    const badges = badgeDetails(app, approvals, now).map(
      ({ badge, state }) => ({ badge, state }),
    );
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
      badges,
      // Without the kill switch: query() adds it, as it changes without a refresh.
      status: statusOf(app, badges, { enabled: false }),
      createdAt: firstSeenAt?.toISOString(),
      ...(spec.url ? { url: spec.url } : {}),
      ...(this.figures.get(appKey(app.entityRef)) ?? NO_USAGE),
    };
    return { item };
  }
}

/** The item with the status its kill switch gives it, computed by `statusOf` like any other. */
function withKillSwitch(
  item: MarketplaceItem,
  items: ReadonlyMap<string, { app: GovernedApp }>,
  killed: ReadonlySet<string>,
): MarketplaceItem {
  const key = appKey(item.entityRef);
  const indexed = items.get(key);
  if (!indexed || !killed.has(key)) return item;
  return {
    ...item,
    status: statusOf(indexed.app, item.badges, { enabled: true }),
  };
}
