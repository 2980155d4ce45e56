import {
  BADGE_IDS,
  DATA_CLASSES,
  LIFECYCLE_STAGES,
  MARKETPLACE_SORTS,
  MICROAPP_TYPES,
  RISK_TIERS,
  type BadgeId,
  type DataClass,
  type LifecycleStage,
  type MarketplaceQuery,
  type MarketplaceSort,
  type MicroAppType,
  type RiskTier,
} from '@trellis/plugin-microapps-common';

/** Page sizes offered; the first is the default. */
export const PAGE_SIZES = [20, 50, 100] as const;

/**
 * What the marketplace shows, as kept in the URL's query string so that a
 * filtered view can be shared and reloaded. Lists may repeat
 * (`tier=high&tier=medium`) or be comma-separated (`tier=high,medium`);
 * unknown values are ignored.
 */
export interface MarketplaceViewState {
  q: string;
  tier: RiskTier[];
  lifecycle: LifecycleStage[];
  type: MicroAppType[];
  dataClass: DataClass[];
  /** Owning groups' entity refs (or short names, from links elsewhere). */
  owner: string[];
  model: string[];
  /** Badges that must be granted. */
  badge: BadgeId[];
  /** The sort chosen; without one, `sortOf` gives the default. */
  sort?: MarketplaceSort;
  /** Zero-based; the URL carries it one-based as `page`. */
  page: number;
  pageSize: number;
}

/** The list filters that the filter panel offers. */
export const LIST_FILTERS = [
  'tier',
  'lifecycle',
  'type',
  'dataClass',
  'owner',
  'model',
  'badge',
] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

/** The stages the backend leaves out unless the lifecycle filter names them. */
export const HIDDEN_STAGES: readonly LifecycleStage[] = [
  'draft',
  'decommissioned',
];

/** The sort in effect: the chosen one, else relevance while searching, else name. */
export function sortOf(state: MarketplaceViewState): MarketplaceSort {
  return state.sort ?? (state.q.trim() ? 'relevance' : 'name');
}

function readList(params: URLSearchParams, key: string): string[] {
  const values = params
    .getAll(key)
    .flatMap(value => value.split(','))
    .map(value => value.trim())
    .filter(Boolean);
  return [...new Set(values)];
}

function readEnumList<T extends string>(
  params: URLSearchParams,
  key: string,
  allowed: readonly T[],
): T[] {
  // Keep the canonical order, whatever order the URL lists them in.
  const wanted = readList(params, key);
  return allowed.filter(value => wanted.includes(value));
}

function readPositiveInt(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const parsed = Number(value);
  return parsed > 0 ? parsed : undefined;
}

export function readViewState(params: URLSearchParams): MarketplaceViewState {
  const sort = params.get('sort');
  const pageSize = readPositiveInt(params.get('pageSize'));
  return {
    q: params.get('q') ?? '',
    tier: readEnumList(params, 'tier', RISK_TIERS),
    lifecycle: readEnumList(params, 'lifecycle', LIFECYCLE_STAGES),
    type: readEnumList(params, 'type', MICROAPP_TYPES),
    dataClass: readEnumList(params, 'dataClass', DATA_CLASSES),
    owner: readList(params, 'owner'),
    model: readList(params, 'model'),
    badge: readEnumList(params, 'badge', BADGE_IDS),
    sort: MARKETPLACE_SORTS.find(s => s === sort),
    page: (readPositiveInt(params.get('page')) ?? 1) - 1,
    pageSize: PAGE_SIZES.find(size => size === pageSize) ?? PAGE_SIZES[0],
  };
}

/** The query string for a view; defaults are left out to keep links short. */
export function writeViewState(state: MarketplaceViewState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const key of LIST_FILTERS) {
    for (const value of state[key]) params.append(key, value);
  }
  if (state.sort) params.set('sort', state.sort);
  if (state.page > 0) params.set('page', String(state.page + 1));
  if (state.pageSize !== PAGE_SIZES[0]) {
    params.set('pageSize', String(state.pageSize));
  }
  return params;
}

/** True when anything narrows the results (search text or any filter). */
export function hasFilters(state: MarketplaceViewState): boolean {
  return (
    state.q.trim() !== '' || LIST_FILTERS.some(key => state[key].length > 0)
  );
}

/** The same view with every filter and the search text removed. */
export function withoutFilters(
  state: MarketplaceViewState,
): MarketplaceViewState {
  return {
    ...state,
    q: '',
    tier: [],
    lifecycle: [],
    type: [],
    dataClass: [],
    owner: [],
    model: [],
    badge: [],
    page: 0,
  };
}

/** The backend query for a view. Each sort uses the backend's natural order. */
export function toMarketplaceQuery(
  state: MarketplaceViewState,
): MarketplaceQuery {
  return {
    q: state.q.trim() || undefined,
    tier: state.tier,
    lifecycle: state.lifecycle,
    type: state.type,
    dataClass: state.dataClass,
    owner: state.owner,
    model: state.model,
    badge: state.badge,
    sort: sortOf(state),
    limit: state.pageSize,
    offset: state.page * state.pageSize,
  };
}
