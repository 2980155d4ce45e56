import Grid from '@material-ui/core/Grid';
import { AppIncidentsCard } from '../../Incidents/AppIncidentsCard';
import { IngestKeysCard } from './IngestKeysCard';
import { KillSwitchCard } from './KillSwitchCard';
import { NotMicroAppEmptyState } from '../shared/NotMicroAppEmptyState';
import { PolicyViolations } from './PolicyViolations';
import { useMicroAppEntity } from '../shared/useMicroAppEntity';

/**
 * The Policy tab of a MicroApp: the kill switch, the incidents enforcing
 * policies opened (`?incident=<id>` opens one), the policy violations its
 * traces reported or Trellis derived, per day by type and as a filterable
 * ledger linked to the trace viewer (`microapps.traceViewerUrlTemplate`),
 * and, for its owners, the ingest keys it sends traces with. Reads the app from the surrounding
 * entity page.
 *
 * @public
 */
export function MicroAppPolicyContent() {
  const app = useMicroAppEntity();
  if (!app) return <NotMicroAppEmptyState />;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <KillSwitchCard
          entityRef={app.entityRef}
          appTitle={app.entity.metadata.title ?? app.entity.metadata.name}
          dataClasses={app.entity.spec.data?.classifications}
        />
      </Grid>
      <Grid item xs={12}>
        <AppIncidentsCard entityRef={app.entityRef} />
      </Grid>
      <Grid item xs={12}>
        <PolicyViolations entityRef={app.entityRef} />
      </Grid>
      <Grid item xs={12}>
        <IngestKeysCard entityRef={app.entityRef} />
      </Grid>
    </Grid>
  );
}
