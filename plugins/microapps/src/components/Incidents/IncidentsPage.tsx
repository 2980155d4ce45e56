import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core/styles';
import { useCallback } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  microAppsApiRef,
  type Incident,
  type IncidentPage,
  type IncidentState,
  type MicroAppsApi,
} from '../../api';
import { ChipToggleGroup } from '../MicroAppEntity/shared/ChipToggleGroup';
import { INCIDENT_STATE_TITLES } from '../MicroAppEntity/shared/displayNames';
import { IncidentsTable } from './IncidentsTable';
import { NoIncidentsImage } from './NoIncidentsImage';
import { INCIDENT_PARAM } from './incidentSelection';
import { INCIDENT_STATES, useIncidentStateFilter } from './incidentStateFilter';
import { PoliciesSection } from './PoliciesSection';
import { StewardsOnlyOrError } from './StewardsOnly';

/** Incidents read per state (the backend's largest page), newest first. */
const INCIDENT_LIMIT = 100;

/** The path of the Policy tab on a MicroApp's entity page. */
const POLICY_TAB_PATH = 'policy';

const useStyles = makeStyles(theme => ({
  filters: { marginBottom: theme.spacing(2) },
  section: { marginBottom: theme.spacing(4) },
}));

/** Link builder: an incident to its app's Policy tab, opened on it. */
function useIncidentLink(): (incident: Incident) => string {
  const entityRoute = useRouteRef(entityRouteRef);
  return useCallback(
    (incident: Incident) =>
      `${entityRoute(
        entityRouteParams(incident.entityRef, { encodeParams: true }),
      )}/${POLICY_TAB_PATH}?${INCIDENT_PARAM}=${incident.id}`,
    [entityRoute],
  );
}

/** The incidents in any of `states`, newest update first: one page per state. */
async function listInStates(
  api: MicroAppsApi,
  states: IncidentState[],
): Promise<IncidentPage> {
  const pages = await Promise.all(
    states.map(state => api.listIncidents({ state, limit: INCIDENT_LIMIT })),
  );
  return {
    items: pages
      .flatMap(page => page.items)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
    totalItems: pages.reduce((sum, page) => sum + page.totalItems, 0),
  };
}

function PortalIncidents() {
  const classes = useStyles();
  const api = useApi(microAppsApiRef);
  const [states, setStates] = useIncidentStateFilter();
  const linkTo = useIncidentLink();
  const { value, loading, error } = useAsync(
    () => listInStates(api, states),
    [api, states],
  );
  const shown = states.map(state => INCIDENT_STATE_TITLES[state]).join(', ');

  return (
    <section className={classes.section} aria-label="Incidents">
      <div className={classes.filters}>
        <ChipToggleGroup
          label="State"
          values={INCIDENT_STATES}
          selected={states}
          onChange={setStates}
          titles={INCIDENT_STATE_TITLES}
          min={1}
        />
      </div>
      {loading && <Progress />}
      {error && <StewardsOnlyOrError error={error} what="the incidents" />}
      {value && value.items.length === 0 && (
        <EmptyState
          missing={{ customImage: <NoIncidentsImage /> }}
          title={`No incidents (${shown.toLocaleLowerCase('en-US')})`}
          description="Enforcing policies open an incident when they fire on an app. Choose other states to see earlier incidents."
        />
      )}
      {value && value.items.length > 0 && (
        <IncidentsTable
          title={`Incidents (${value.totalItems})`}
          incidents={value.items}
          linkTo={linkTo}
          showApp
        />
      )}
    </section>
  );
}

/**
 * The stewards' incidents page (`/microapps/incidents`): incidents across
 * the portal with a state filter, each linked to its app's Policy tab, and
 * the loaded policies with the errors of packs that did not load.
 *
 * @public
 */
export function IncidentsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Incidents"
        subtitle="What enforcing policies opened across the portal, and the policies they run"
      />
      <Content>
        <PortalIncidents />
        <PoliciesSection />
      </Content>
    </Page>
  );
}
