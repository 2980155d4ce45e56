import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { microAppIncidentsReadPermission } from '@trellis/plugin-microapps-common';
import { useCallback } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { microAppsApiRef, type Incident } from '../../api';
import { IncidentDetailPanel } from './IncidentDetailPanel';
import { IncidentsTable } from './IncidentsTable';
import { NoIncidentsImage } from './NoIncidentsImage';
import { INCIDENT_PARAM, useSelectedIncident } from './incidentSelection';

const incidentLink = (incident: Incident) =>
  `?${INCIDENT_PARAM}=${incident.id}`;

/**
 * The app's incidents on its Policy tab, newest first; the one named in the
 * URL (`?incident=<id>`) opens below with its timeline. Left out for viewers
 * who may not read the app's incidents.
 */
export function AppIncidentsCard(props: { entityRef: string }) {
  const { entityRef } = props;
  const api = useApi(microAppsApiRef);
  const permission = usePermission({
    permission: microAppIncidentsReadPermission,
    resourceRef: entityRef,
  });
  const incidents = useAsyncRetry(
    async () =>
      permission.allowed ? api.listAppIncidents(entityRef) : undefined,
    [api, entityRef, permission.allowed],
  );
  const [selected, select] = useSelectedIncident();
  const close = useCallback(() => select(undefined), [select]);

  if (permission.loading || !permission.allowed) return null;
  const items = incidents.value ?? [];

  return (
    <InfoCard
      title="Incidents"
      subheader="Opened and extended by enforcing policy firings on this app"
    >
      {incidents.loading && !incidents.value && <Progress />}
      {incidents.error && <ResponseErrorPanel error={incidents.error} />}
      {incidents.value && items.length === 0 && (
        <EmptyState
          missing={{ customImage: <NoIncidentsImage /> }}
          title="No policy has opened an incident for this app"
          description="When an enforcing policy fires on this app, its incident appears here with the firing's values, traces and the actions taken."
        />
      )}
      {items.length > 0 && (
        <IncidentsTable
          title={`Incidents (${items.length})`}
          incidents={items}
          linkTo={incidentLink}
        />
      )}
      {selected !== undefined && (
        <IncidentDetailPanel
          id={selected}
          onClose={close}
          onChanged={incidents.retry}
        />
      )}
    </InfoCard>
  );
}
