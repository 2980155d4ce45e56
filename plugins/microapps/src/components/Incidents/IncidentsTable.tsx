import { Table } from '@backstage/core-components';
import { useMemo } from 'react';
import type { Incident } from '../../api';
import { type IncidentRow, useIncidentColumns } from './useIncidentColumns';

/** Incidents, newest first, each linked to its timeline. */
export function IncidentsTable(props: {
  title: string;
  incidents: Incident[];
  linkTo(incident: Incident): string;
  showApp?: boolean;
}) {
  const { incidents, linkTo, showApp } = props;
  const columns = useIncidentColumns({ linkTo, showApp });
  const rows = useMemo<IncidentRow[]>(
    () => incidents.map(incident => ({ ...incident, key: incident.id })),
    [incidents],
  );
  return (
    <Table<IncidentRow>
      title={props.title}
      columns={columns}
      data={rows}
      options={{
        paging: rows.length > 20,
        pageSize: 20,
        search: false,
        sorting: false,
        draggable: false,
        padding: 'dense',
      }}
    />
  );
}
