import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import TablePagination from '@material-ui/core/TablePagination';
import type { MarketplacePage } from '@trellis/plugin-microapps-common';
import {
  NoMatchesEmptyState,
  NoMicroAppsEmptyState,
  PastLastPageEmptyState,
} from './MarketplaceEmptyState';
import { MarketplaceTable } from './MarketplaceTable';
import {
  PAGE_SIZES,
  sortOf,
  type MarketplaceViewState,
} from './marketplaceSearchParams';

export interface MarketplaceResultsProps {
  /** The page of results as loaded for `state`. */
  value?: MarketplacePage;
  loading: boolean;
  error?: Error;
  state: MarketplaceViewState;
  /** Whether any search text or filter narrows the list. */
  filtered: boolean;
  onStateChange(next: MarketplaceViewState): void;
  onClearFilters(): void;
}

/** The result table with its pagination, or why there is none. */
export function MarketplaceResults(props: MarketplaceResultsProps) {
  const { value, loading, error, state, filtered } = props;
  const { onStateChange, onClearFilters } = props;
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value || value.totalItems === 0) {
    // Hidden drafts mean there are apps, only none in these stages.
    return filtered || (value?.hiddenItems ?? 0) > 0 ? (
      <NoMatchesEmptyState onClearFilters={onClearFilters} />
    ) : (
      <NoMicroAppsEmptyState />
    );
  }
  if (value.items.length === 0) {
    return (
      <PastLastPageEmptyState
        onFirstPage={() => onStateChange({ ...state, page: 0 })}
      />
    );
  }
  return (
    <MarketplaceTable
      items={value.items}
      totalItems={value.totalItems}
      sort={sortOf(state)}
      footer={
        <TablePagination
          component="div"
          count={value.totalItems}
          page={state.page}
          rowsPerPage={state.pageSize}
          rowsPerPageOptions={[...PAGE_SIZES]}
          onPageChange={(_event, page) => onStateChange({ ...state, page })}
          onRowsPerPageChange={event =>
            onStateChange({
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
