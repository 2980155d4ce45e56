import { Content, Header, Page } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import {
  LIFECYCLE_STAGES,
  type MarketplaceFacets,
} from '@trellis/plugin-microapps-common';
import { useMemo, useRef } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../api';
import { MarketplaceFilters, ownerRef } from './MarketplaceFilters';
import { MarketplaceHiddenNotice } from './MarketplaceHiddenNotice';
import { MarketplaceResults } from './MarketplaceResults';
import { MarketplaceToolbar } from './MarketplaceToolbar';
import {
  hasFilters,
  type ListFilter,
  sortOf,
  toMarketplaceQuery,
  withoutFilters,
} from './marketplaceSearchParams';
import { useMarketplaceViewState } from './useMarketplaceViewState';
import { useSearchText } from './useSearchText';

const useStyles = makeStyles(theme => ({
  filters: {
    padding: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
}));

/**
 * The marketplace without page chrome: search, filters, sort and the result
 * table, all kept in the URL's query string.
 */
export function MarketplaceContent() {
  const classes = useStyles();
  const api = useApi(microAppsApiRef);
  const { state, setState, setFilters } = useMarketplaceViewState();
  const { searchText, setSearchText, clearSearchText } = useSearchText(
    state.q,
    q => setFilters({ q }, { replace: true }),
  );

  const query = useMemo(() => toMarketplaceQuery(state), [state]);
  const queryKey = JSON.stringify(query);
  const { value, loading, error } = useAsync(
    () => api.listApps(query),
    [api, queryKey],
  );

  // The last facets seen, so that the panel does not flicker while loading.
  const facets = useRef<MarketplaceFacets>();
  if (value?.facets) facets.current = value.facets;

  const filtered = hasFilters(state);
  const clearFilters = () => {
    clearSearchText();
    setState(withoutFilters(state));
  };

  const toggle = (key: ListFilter, item: string) => {
    // An owner may be in the URL by its short name.
    const same = (v: string) =>
      key === 'owner' ? ownerRef(v) === ownerRef(item) : v === item;
    const current = state[key] as string[];
    setFilters({
      [key]: current.some(same)
        ? current.filter(v => !same(v))
        : [...current, item],
    });
  };

  return (
    <>
      <MarketplaceToolbar
        searchText={searchText}
        onSearchTextChange={setSearchText}
        sort={sortOf(state)}
        onSortChange={sort => setFilters({ sort })}
      />
      <Paper className={classes.filters}>
        <MarketplaceFilters
          state={state}
          facets={facets.current}
          onToggle={toggle}
          onClear={clearFilters}
          canClear={filtered}
        />
      </Paper>
      {!loading && (
        <MarketplaceHiddenNotice
          hiddenItems={value?.hiddenItems}
          onShow={() => setFilters({ lifecycle: [...LIFECYCLE_STAGES] })}
        />
      )}
      <MarketplaceResults
        value={value}
        loading={loading}
        error={error}
        state={state}
        filtered={filtered}
        onStateChange={setState}
        onClearFilters={clearFilters}
      />
    </>
  );
}

/**
 * The micro-app marketplace: find a micro-app, see its risk tier, approval
 * badges, data classes, owner and what it costs.
 *
 * @public
 */
export function MarketplacePage() {
  return (
    <Page themeId="tool">
      <Header
        title="Micro-apps"
        subtitle="Discover LLM-powered micro-apps: who owns them, how risky they are and what they cost"
      />
      <Content>
        <MarketplaceContent />
      </Content>
    </Page>
  );
}
