import type {
  DataClass,
  MarketplaceItem,
  MarketplacePage,
  MarketplaceQuery,
  MarketplaceSort,
} from '@trellis/plugin-microapps-common';
import { compareCodeUnits } from '@trellis/plugin-microapps-common';

/** A validated `GET /apps` query: sort and paging are always set. */
export type ParsedMarketplaceQuery = MarketplaceQuery &
  Required<Pick<MarketplaceQuery, 'sort' | 'limit' | 'offset'>>;

/** A marketplace item with what the index precomputed for fast filtering. */
export interface IndexedApp {
  item: MarketplaceItem;
  /** Lower-cased name, title, description and tags. */
  searchText: string;
}

type Comparator = (a: MarketplaceItem, b: MarketplaceItem) => number;

const titleCollator = new Intl.Collator('en', {
  sensitivity: 'base',
  numeric: true,
});
const byRef: Comparator = (a, b) => compareCodeUnits(a.entityRef, b.entityRef);

/** Each sort in its natural direction; `order` flips it. */
const SORTS: Record<MarketplaceSort, Comparator> = {
  name: (a, b) => titleCollator.compare(a.title, b.title),
  risk: (a, b) => b.score - a.score,
  cost: (a, b) => b.cost30dUsd - a.cost30dUsd,
  adoption: (a, b) => b.users30d - a.users30d || b.requests30d - a.requests30d,
  newest: (a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''),
};

const NATURAL_ORDER: Record<MarketplaceSort, 'asc' | 'desc'> = {
  name: 'asc',
  risk: 'desc',
  cost: 'desc',
  adoption: 'desc',
  newest: 'desc',
};

/**
 * The indexed apps sorted once per sort order, so that a query is a single
 * filtering pass however many apps there are.
 */
export type MarketplaceSnapshot = Record<
  MarketplaceSort,
  readonly IndexedApp[]
>;

export function buildMarketplaceSnapshot(
  apps: readonly IndexedApp[],
): MarketplaceSnapshot {
  const sorted = (compare: Comparator) =>
    [...apps].sort((a, b) => compare(a.item, b.item) || byRef(a.item, b.item));
  return {
    name: sorted(SORTS.name),
    risk: sorted(SORTS.risk),
    cost: sorted(SORTS.cost),
    adoption: sorted(SORTS.adoption),
    newest: sorted(SORTS.newest),
  };
}

/** Filters and pages the snapshot in the requested order. */
export function queryMarketplace(
  snapshot: MarketplaceSnapshot,
  query: ParsedMarketplaceQuery,
  /** Whether the caller may see an app; all are visible without it. */
  visible?: (entityRef: string) => boolean,
): MarketplacePage {
  const terms = (query.q ?? '')
    .toLocaleLowerCase('en-US')
    .split(/\s+/)
    .filter(Boolean);
  const anyOf = <T>(wanted: T[] | undefined, value: T) =>
    !wanted?.length || wanted.includes(value);
  const anyShared = <T>(wanted: T[] | undefined, values: readonly T[]) =>
    !wanted?.length || wanted.some(w => values.includes(w));
  const granted = (item: MarketplaceItem) =>
    item.badges.filter(b => b.state === 'granted').map(b => b.badge);

  const matches = snapshot[query.sort]
    .filter(
      ({ item, searchText }) =>
        (!visible || visible(item.entityRef)) &&
        anyOf(query.tier, item.tier) &&
        anyOf(query.lifecycle, item.lifecycle) &&
        anyOf(query.type, item.type) &&
        anyOf(query.owner, item.owner) &&
        anyShared(query.model, item.models) &&
        anyShared(query.dataClass, item.dataClasses as DataClass[]) &&
        anyShared(query.badge, granted(item)) &&
        terms.every(term => searchText.includes(term)),
    )
    .map(app => app.item);
  if (query.order && query.order !== NATURAL_ORDER[query.sort]) {
    matches.reverse();
  }
  return {
    items: matches.slice(query.offset, query.offset + query.limit),
    totalItems: matches.length,
  };
}
