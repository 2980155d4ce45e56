import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../../api';
import { ViolationFilters } from './ViolationFilters';
import { ViolationsChart } from './ViolationsChart';
import {
  NoMatchingViolationsEmptyState,
  NoViolationsEmptyState,
} from './ViolationsEmptyState';
import { ViolationsTable } from './ViolationsTable';
import {
  DEFAULT_VIOLATION_FILTERS,
  narrowsViolations,
  periodRange,
  violationQuery,
  type ViolationFilterState,
} from './violationFilters';

/** The app's violations: filters, a daily chart by type, and the ledger. */
export function PolicyViolations(props: { entityRef: string }) {
  const { entityRef } = props;
  const api = useApi(microAppsApiRef);
  const [filters, setFilters] = useState<ViolationFilterState>(
    DEFAULT_VIOLATION_FILTERS,
  );
  const [page, setPage] = useState(0);
  const range = useMemo(() => periodRange(filters.days), [filters.days]);
  const query = violationQuery(filters, page, range);
  const queryKey = JSON.stringify(query);
  const { value, loading, error } = useAsync(
    () => api.listViolations({ ...query, entityRef }),
    [api, entityRef, queryKey],
  );

  const changeFilters = (next: ViolationFilterState) => {
    setFilters(next);
    setPage(0);
  };

  let results: JSX.Element;
  if (loading && !value) {
    results = <Progress />;
  } else if (error) {
    results = <ResponseErrorPanel error={error} />;
  } else if (!value || value.totalItems === 0) {
    results = narrowsViolations(filters) ? (
      <NoMatchingViolationsEmptyState
        onReset={() => changeFilters(DEFAULT_VIOLATION_FILTERS)}
      />
    ) : (
      <NoViolationsEmptyState days={filters.days} />
    );
  } else {
    results = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard title="Violations per day" subheader="Stacked by type">
            <ViolationsChart
              series={value.series}
              from={range.from}
              to={range.to}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <ViolationsTable
            items={value.items}
            totalItems={value.totalItems}
            page={page}
            onPageChange={setPage}
          />
        </Grid>
      </Grid>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title="Policy violations">
          <ViolationFilters value={filters} onChange={changeFilters} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        {loading && value && <Progress />}
        {results}
      </Grid>
    </Grid>
  );
}
