import { Link, type TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import type { Incident } from '../../api';
import { SeverityChip } from '../MicroAppEntity/policy/SeverityChip';
import { formatDateTime } from '../MicroAppEntity/shared/formatTimes';
import { IncidentStateChip } from './IncidentStateChip';

const useStyles = makeStyles({
  nowrap: { whiteSpace: 'nowrap' },
  // Policy ids are one token each: never broken inside, one per line.
  policies: { fontFamily: 'monospace', whiteSpace: 'pre' },
});

/** A row of an incident table. */
export type IncidentRow = Incident & { key: number };

/**
 * The columns of an incident table: state, severity, title (linked to the
 * incident's timeline), the app when the table spans apps, when it opened,
 * its policies and its last update.
 */
export function useIncidentColumns(options: {
  linkTo(incident: Incident): string;
  showApp?: boolean;
}): TableColumn<IncidentRow>[] {
  const { linkTo, showApp } = options;
  const classes = useStyles();
  return useMemo<TableColumn<IncidentRow>[]>(
    () => [
      {
        title: 'State',
        field: 'state',
        render: row => <IncidentStateChip state={row.state} />,
      },
      {
        title: 'Severity',
        field: 'severity',
        render: row => <SeverityChip severity={row.severity} />,
      },
      {
        title: 'Incident',
        field: 'title',
        render: row => <Link to={linkTo(row)}>{row.title}</Link>,
      },
      ...(showApp
        ? [
            {
              title: 'Micro-app',
              field: 'entityRef',
              render: (row: IncidentRow) => (
                <EntityRefLink entityRef={row.entityRef} />
              ),
            },
          ]
        : []),
      {
        title: 'Opened',
        field: 'openedAt',
        render: row => (
          <span className={classes.nowrap}>{formatDateTime(row.openedAt)}</span>
        ),
      },
      {
        title: 'Policies',
        field: 'policyIds',
        render: row => (
          <span className={classes.policies}>{row.policyIds.join('\n')}</span>
        ),
      },
      {
        title: 'Last update',
        field: 'updatedAt',
        render: row => (
          <span className={classes.nowrap}>
            {formatDateTime(row.updatedAt)}
          </span>
        ),
      },
    ],
    [classes, linkTo, showApp],
  );
}
