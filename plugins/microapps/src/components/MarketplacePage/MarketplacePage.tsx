import { badgeTitle } from '@trellis/plugin-microapps-common';
import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import InputAdornment from '@material-ui/core/InputAdornment';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import Select from '@material-ui/core/Select';
import TablePagination from '@material-ui/core/TablePagination';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import type {
  BadgeId,
  MarketplaceSort,
} from '@trellis/plugin-microapps-common';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { microAppsApiRef } from '../../api';
import {
  NoMatchesEmptyState,
  NoMicroAppsEmptyState,
  PastLastPageEmptyState,
} from './MarketplaceEmptyState';
import { MarketplaceFilters } from './MarketplaceFilters';
import { MarketplaceTable } from './MarketplaceTable';
import {
  CHIP_FILTERS,
  hasFilters,
  LINK_FILTERS,
  PAGE_SIZES,
  readViewState,
  toMarketplaceQuery,
  withoutFilters,
  writeViewState,
  type MarketplaceViewState,
} from './marketplaceSearchParams';

const SORT_OPTIONS: { value: MarketplaceSort; label: string }[] = [
  { value: 'name', label: 'Name (A–Z)' },
  { value: 'risk', label: 'Risk score (highest first)' },
  { value: 'cost', label: '30-day cost (highest first)' },
  { value: 'adoption', label: 'Adoption (most users first)' },
  { value: 'newest', label: 'Newest first' },
];

const LINK_FILTER_LABELS: Record<(typeof LINK_FILTERS)[number], string> = {
  owner: 'Owner',
  model: 'Model',
  badge: 'Granted',
};

const SEARCH_DEBOUNCE_MS = 300;

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  search: {
    flex: '1 1 320px',
  },
  sort: {
    minWidth: 240,
  },
  linkFilters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
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
  const [searchParams, setSearchParams] = useSearchParams();
  const queryString = searchParams.toString();
  const state = useMemo(
    () => readViewState(new URLSearchParams(queryString)),
    [queryString],
  );

  const setState = useCallback(
    (next: MarketplaceViewState, options?: { replace?: boolean }) => {
      setSearchParams(writeViewState(next), options);
    },
    [setSearchParams],
  );
  /** A filter change starts again on the first page. */
  const setFilters = useCallback(
    (patch: Partial<MarketplaceViewState>, options?: { replace?: boolean }) =>
      setState({ ...state, ...patch, page: 0 }, options),
    [setState, state],
  );

  // The search box edits local text; the URL follows once typing pauses.
  const [searchText, setSearchText] = useState(state.q);
  const committedSearch = useRef(state.q);
  useEffect(() => {
    // The URL changed from elsewhere (back button, "clear filters").
    if (state.q !== committedSearch.current) {
      committedSearch.current = state.q;
      setSearchText(state.q);
    }
  }, [state.q]);
  useDebounce(
    () => {
      if (searchText !== state.q) {
        committedSearch.current = searchText;
        setFilters({ q: searchText }, { replace: true });
      }
    },
    SEARCH_DEBOUNCE_MS,
    [searchText],
  );

  const query = useMemo(() => toMarketplaceQuery(state), [state]);
  const queryKey = JSON.stringify(query);
  const { value, loading, error } = useAsync(
    () => api.listApps(query),
    [api, queryKey],
  );

  const filtered = hasFilters(state);
  const clearFilters = () => {
    committedSearch.current = '';
    setSearchText('');
    setState(withoutFilters(state));
  };

  const toggle = (key: (typeof CHIP_FILTERS)[number], item: string) => {
    const current = state[key] as string[];
    setFilters({
      [key]: current.includes(item)
        ? current.filter(v => v !== item)
        : [...current, item],
    });
  };

  let results: JSX.Element;
  if (loading) {
    results = <Progress />;
  } else if (error) {
    results = <ResponseErrorPanel error={error} />;
  } else if (!value || value.totalItems === 0) {
    results = filtered ? (
      <NoMatchesEmptyState onClearFilters={clearFilters} />
    ) : (
      <NoMicroAppsEmptyState />
    );
  } else if (value.items.length === 0) {
    results = (
      <PastLastPageEmptyState
        onFirstPage={() => setState({ ...state, page: 0 })}
      />
    );
  } else {
    results = (
      <MarketplaceTable
        items={value.items}
        totalItems={value.totalItems}
        sort={state.sort}
        footer={
          <TablePagination
            component="div"
            count={value.totalItems}
            page={state.page}
            rowsPerPage={state.pageSize}
            rowsPerPageOptions={[...PAGE_SIZES]}
            onPageChange={(_event, page) => setState({ ...state, page })}
            onRowsPerPageChange={event =>
              setState({
                ...state,
                page: 0,
                pageSize: Number(event.target.value),
              })
            }
          />
        }
      />
    );
  }

  const linkFilters = LINK_FILTERS.flatMap(key =>
    (state[key] as string[]).map(item => ({ key, item })),
  );

  return (
    <>
      <div className={classes.toolbar}>
        <TextField
          id="microapps-search"
          className={classes.search}
          label="Search micro-apps"
          placeholder="Name, description or tag"
          type="search"
          value={searchText}
          onChange={event => setSearchText(event.target.value)}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon />
              </InputAdornment>
            ),
          }}
        />
        <FormControl className={classes.sort}>
          <InputLabel id="microapps-sort-label">Sort by</InputLabel>
          <Select
            labelId="microapps-sort-label"
            value={state.sort}
            onChange={event =>
              setFilters({ sort: event.target.value as MarketplaceSort })
            }
          >
            {SORT_OPTIONS.map(option => (
              <MenuItem key={option.value} value={option.value}>
                {option.label}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      </div>
      <Paper className={classes.filters}>
        <MarketplaceFilters
          state={state}
          onToggle={toggle}
          onClear={clearFilters}
          canClear={filtered}
        />
      </Paper>
      {linkFilters.length > 0 && (
        <div className={classes.linkFilters}>
          {linkFilters.map(({ key, item }) => (
            <Chip
              key={`${key}:${item}`}
              label={`${LINK_FILTER_LABELS[key]}: ${
                key === 'badge' ? badgeTitle(item as BadgeId) : item
              }`}
              onDelete={() =>
                setFilters({
                  [key]: (state[key] as string[]).filter(v => v !== item),
                })
              }
            />
          ))}
        </div>
      )}
      {results}
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
