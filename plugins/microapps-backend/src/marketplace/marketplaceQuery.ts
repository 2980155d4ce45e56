import type {
  DataClass,
  LifecycleStage,
  MarketplaceFacets,
  MarketplaceItem,
  MarketplacePage,
  MarketplaceQuery,
  MarketplaceSort,
} from '@trellis/plugin-microapps-common';
import { compareCodeUnits } from '@trellis/plugin-microapps-common';
import { MarketplaceSearch } from './marketplaceSearch';

/** A validated `GET /apps` query: sort and paging are always set. */
export type ParsedMarketplaceQuery = MarketplaceQuery &
  Required<Pick<MarketplaceQuery, 'sort' | 'limit' | 'offset'>>;

/** A marketplace item as the index keeps it. */
export interface IndexedApp {
  item: MarketplaceItem;
}

/** Stages left out unless the query's `lifecycle` filter names them. */
export const HIDDEN_STAGES: readonly LifecycleStage[] = [
  'draft',
  'decommissioned',
];

type FieldSort = Exclude<MarketplaceSort, 'relevance'>;
type Comparator = (a: MarketplaceItem, b: MarketplaceItem) => number;

const titleCollator = new Intl.Collator('en', {
  sensitivity: 'base',
  numeric: true,
});
const byRef: Comparator = (a, b) => compareCodeUnits(a.entityRef, b.entityRef);

/** Each sort in its natural direction; `order` flips it. */
const SORTS: Record<FieldSort, Comparator> = {
  name: (a, b) => titleCollator.compare(a.title, b.title),
  risk: (a, b) => b.score - a.score,
  cost: (a, b) => b.cost30dUsd - a.cost30dUsd,
  adoption: (a, b) => b.users30d - a.users30d || b.requests30d - a.requests30d,
  newest: (a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''),
};

const NATURAL_ORDER: Record<MarketplaceSort, 'asc' | 'desc'> = {
  relevance: 'desc',
  name: 'asc',
  risk: 'desc',
  cost: 'desc',
  adoption: 'desc',
  newest: 'desc',
};

/**
 * The indexed apps sorted once per sort order, and their full-text index, so
 * that a query is a single filtering pass however many apps there are.
 */
export interface MarketplaceSnapshot {
  sorted: Record<FieldSort, readonly IndexedApp[]>;
  search: MarketplaceSearch;
  /** The facets of every app, for callers who may read them all. */
  facets: MarketplaceFacets;
}

/** The snapshot of the apps; `search` when it already indexes them. */
export function buildMarketplaceSnapshot(
  apps: readonly IndexedApp[],
  search = new MarketplaceSearch(apps.map(app => app.item)),
): MarketplaceSnapshot {
  const sorted = (compare: Comparator) =>
    [...apps].sort((a, b) => compare(a.item, b.item) || byRef(a.item, b.item));
  return {
    sorted: {
      name: sorted(SORTS.name),
      risk: sorted(SORTS.risk),
      cost: sorted(SORTS.cost),
      adoption: sorted(SORTS.adoption),
      newest: sorted(SORTS.newest),
    },
    search,
    facets: facetsOf(apps),
  };
}

/** Filters, ranks and pages the snapshot in the requested order. */
export function queryMarketplace(
  snapshot: MarketplaceSnapshot,
  query: ParsedMarketplaceQuery,
  /** Whether the caller may see an app; all are visible without it. */
  canSee?: (entityRef: string) => boolean,
): MarketplacePage {
  const visible = canSee && remembered(canSee);
  const text = query.q ?? '';
  const found =
    MarketplaceSearch.termsOf(text).size > 0
      ? snapshot.search.search(text)
      : undefined;
  let result = filterApps(snapshot, query, found?.every, visible);
  // A sentence rarely has every word in one app: then any word will do.
  if (found && result.matches.length + result.hiddenItems === 0) {
    result = filterApps(snapshot, query, found.any, visible);
  }
  const { matches, hiddenItems } = result;
  if (query.order && query.order !== NATURAL_ORDER[query.sort]) {
    matches.reverse();
  }
  return {
    items: matches.slice(query.offset, query.offset + query.limit),
    totalItems: matches.length,
    hiddenItems,
    facets: visible ? facetsOf(snapshot.sorted.name, visible) : snapshot.facets,
  };
}

/**
 * The apps that pass every filter, in the query's order, and how many more
 * would have but for their hidden stage.
 */
function filterApps(
  snapshot: MarketplaceSnapshot,
  query: ParsedMarketplaceQuery,
  scores: ReadonlyMap<string, number> | undefined,
  visible?: (entityRef: string) => boolean,
): { matches: MarketplaceItem[]; hiddenItems: number } {
  const anyOf = <T>(wanted: T[] | undefined, value: T) =>
    !wanted?.length || wanted.includes(value);
  const anyShared = <T>(wanted: T[] | undefined, values: readonly T[]) =>
    !wanted?.length || wanted.some(w => values.includes(w));
  const granted = (item: MarketplaceItem) =>
    item.badges.filter(b => b.state === 'granted').map(b => b.badge);
  const hidingStages = !query.lifecycle?.length;

  const matches: MarketplaceItem[] = [];
  let hiddenItems = 0;
  for (const { item } of candidates(snapshot, query.sort, scores)) {
    if (
      (scores && !scores.has(item.entityRef)) ||
      (visible && !visible(item.entityRef)) ||
      !anyOf(query.tier, item.tier) ||
      !anyOf(query.lifecycle, item.lifecycle) ||
      !anyOf(query.type, item.type) ||
      !anyOf(query.owner, item.owner) ||
      !anyShared(query.model, item.models) ||
      !anyShared(query.dataClass, item.dataClasses as DataClass[]) ||
      !anyShared(query.badge, granted(item))
    ) {
      continue;
    }
    if (hidingStages && HIDDEN_STAGES.includes(item.lifecycle)) hiddenItems++;
    else matches.push(item);
  }
  return { matches, hiddenItems };
}

/**
 * The apps to filter, in the query's order: by score for `relevance` with
 * search words (ties by name), by name for `relevance` without.
 */
function candidates(
  snapshot: MarketplaceSnapshot,
  sort: MarketplaceSort,
  scores: ReadonlyMap<string, number> | undefined,
): readonly IndexedApp[] {
  if (sort !== 'relevance') return snapshot.sorted[sort];
  if (!scores) return snapshot.sorted.name;
  // A stable sort of the name order: equal scores stay by name.
  const scored: Array<{ app: IndexedApp; score: number }> = [];
  for (const app of snapshot.sorted.name) {
    const score = scores.get(app.item.entityRef);
    if (score !== undefined) scored.push({ app, score });
  }
  return scored.sort((a, b) => b.score - a.score).map(({ app }) => app);
}

/** The check, asked at most once per app (facets and a second pass ask again). */
function remembered(
  check: (entityRef: string) => boolean,
): (entityRef: string) => boolean {
  const answers = new Map<string, boolean>();
  return entityRef => {
    let answer = answers.get(entityRef);
    if (answer === undefined) {
      answer = check(entityRef);
      answers.set(entityRef, answer);
    }
    return answer;
  };
}

/** Owners and models of the apps the caller may see, sorted. */
function facetsOf(
  apps: readonly IndexedApp[],
  visible?: (entityRef: string) => boolean,
): MarketplaceFacets {
  const owners = new Set<string>();
  const models = new Set<string>();
  for (const { item } of apps) {
    if (visible && !visible(item.entityRef)) continue;
    owners.add(item.owner);
    for (const model of item.models) models.add(model);
  }
  return {
    owners: [...owners].sort(compareCodeUnits),
    models: [...models].sort(compareCodeUnits),
  };
}
