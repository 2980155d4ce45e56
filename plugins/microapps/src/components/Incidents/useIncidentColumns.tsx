import { Link, type TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import type { Incident } from '../../api';
import { SeverityChip } from '../MicroAppEntity/policy/SeverityChip';
import { formatDateTime } from '../MicroAppEntity/shared/formatTimes';
import { IncidentStateChip } from './IncidentStateChip';
import { CONTENT_SIZED_COLUMN } from '../format/contentSizedColumn';

const useStyles = makeStyles({
  // Dates, titles and names wrap between words, never inside one, so that
  // the table keeps to the page at 1280 px.
  words: { wordBreak: 'normal', overflowWrap: 'normal', minWidth: 96 },
  title: { wordBreak: 'normal', overflowWrap: 'normal', minWidth: 150 },
  // Policy ids are one token each: never broken inside, one per line.
  policies: { fontFamily: 'monospace', whiteSpace: 'pre' },
});

const sized = CONTENT_SIZED_COLUMN;

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
        ...sized,
        title: 'State',
        field: 'state',
        render: row => <IncidentStateChip state={row.state} />,
      },
      {
        ...sized,
        title: 'Severity',
        field: 'severity',
        render: row => <SeverityChip severity={row.severity} />,
      },
      {
        ...sized,
        title: 'Incident',
        field: 'title',
        render: row => (
          <div className={classes.title}>
            <Link to={linkTo(row)}>{row.title}</Link>
          </div>
        ),
      },
      ...(showApp
        ? [
            {
              ...sized,
              title: 'Micro-app',
              field: 'entityRef',
              render: (row: IncidentRow) => (
                <div className={classes.title}>
                  <EntityRefLink entityRef={row.entityRef} />
                </div>
              ),
            },
          ]
        : []),
      {
        ...sized,
        title: 'Opened',
        field: 'openedAt',
        render: row => (
          <span className={classes.words}>{formatDateTime(row.openedAt)}</span>
        ),
      },
      {
        ...sized,
        title: 'Policies',
        field: 'policyIds',
        render: row => (
          <span className={classes.policies}>{row.policyIds.join('\n')}</span>
        ),
      },
      {
        ...sized,
        title: 'Last update',
        field: 'updatedAt',
        render: row => (
          <span className={classes.words}>{formatDateTime(row.updatedAt)}</span>
        ),
      },
    ],
    [classes, linkTo, showApp],
  );
}
