import { Content, Header, Page } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../api';
import { MarketplaceFilters } from './MarketplaceFilters';
import { MarketplaceLinkFilters } from './MarketplaceLinkFilters';
import { MarketplaceResults } from './MarketplaceResults';
import { MarketplaceToolbar } from './MarketplaceToolbar';
import {
  CHIP_FILTERS,
  hasFilters,
  LINK_FILTERS,
  toMarketplaceQuery,
  withoutFilters,
} from './marketplaceSearchParams';
import { useMarketplaceViewState } from './useMarketplaceViewState';
import { useSearchText } from './useSearchText';

type ChipFilter = (typeof CHIP_FILTERS)[number];
type LinkFilter = (typeof LINK_FILTERS)[number];

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

  const filtered = hasFilters(state);
  const clearFilters = () => {
    clearSearchText();
    setState(withoutFilters(state));
  };

  const toggle = (key: ChipFilter, item: string) => {
    const current = state[key] as string[];
    setFilters({
      [key]: current.includes(item)
        ? current.filter(v => v !== item)
        : [...current, item],
    });
  };
  const remove = (key: LinkFilter, item: string) =>
    setFilters({ [key]: (state[key] as string[]).filter(v => v !== item) });

  return (
    <>
      <MarketplaceToolbar
        searchText={searchText}
        onSearchTextChange={setSearchText}
        sort={state.sort}
        onSortChange={sort => setFilters({ sort })}
      />
      <Paper className={classes.filters}>
        <MarketplaceFilters
          state={state}
          onToggle={toggle}
          onClear={clearFilters}
          canClear={filtered}
        />
      </Paper>
      <MarketplaceLinkFilters state={state} onRemove={remove} />
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
