import { Progress, Table } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { useId, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../api';
import { PolicyLoadErrors } from './PolicyLoadErrors';
import { StewardsOnlyOrError } from './StewardsOnly';
import { type PolicyRow, usePolicyColumns } from './usePolicyColumns';

/**
 * The loaded policies, as the policy engine runs them, and the problems
 * that kept others from loading.
 */
export function PoliciesSection() {
  const api = useApi(microAppsApiRef);
  const { value, loading, error } = useAsync(() => api.listPolicies(), [api]);
  const columns = usePolicyColumns();
  const headingId = useId();
  const rows = useMemo<PolicyRow[]>(
    () =>
      (value?.policies ?? []).map(policy => ({ ...policy, key: policy.id })),
    [value],
  );

  return (
    <section aria-labelledby={headingId}>
      <Typography variant="h5" component="h2" id={headingId}>
        Policies
      </Typography>
      {loading && <Progress />}
      {error && <StewardsOnlyOrError error={error} what="the policies" />}
      {value && (
        <>
          <PolicyLoadErrors errors={value.loadErrors} />
          <Table<PolicyRow>
            title={`Loaded policies (${rows.length})`}
            subtitle="Enforcing policies act and open incidents; dry-run policies only record that they would have fired"
            columns={columns}
            data={rows}
            emptyContent={
              <Typography variant="body2" style={{ padding: 16 }}>
                No policy is loaded. List policy packs under
                microapps.policies.locations in the app config.
              </Typography>
            }
            options={{
              paging: false,
              search: false,
              sorting: false,
              draggable: false,
              padding: 'dense',
            }}
          />
        </>
      )}
    </section>
  );
}
