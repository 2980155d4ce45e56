import type { TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import {
  isBadgeId,
  type AuditLogEntry,
  badgeTitle,
} from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import { auditActionTitle } from '../shared/displayNames';
import { formatDateTime, shortDigest } from '../shared/formatTimes';

const useStyles = makeStyles(theme => ({
  muted: { color: theme.palette.text.secondary },
  digest: { fontFamily: 'monospace' },
  comment: { overflowWrap: 'anywhere' },
  nowrap: { whiteSpace: 'nowrap' },
}));

/** An audit entry as a table row. */
export type AuditRow = AuditLogEntry & { key: number };

/** The audit table's columns: when, who, what, manifest digest and comment. */
export function useAuditColumns(): TableColumn<AuditRow>[] {
  const classes = useStyles();
  return useMemo<TableColumn<AuditRow>[]>(
    () => [
      {
        title: 'When',
        field: 'occurredAt',
        render: row => (
          <span className={classes.nowrap}>
            {formatDateTime(row.occurredAt)}
          </span>
        ),
      },
      {
        title: 'Who',
        field: 'actor',
        render: row => (
          <EntityRefLink entityRef={row.actor} defaultKind="user" />
        ),
      },
      {
        title: 'What',
        field: 'action',
        render: row => (
          <>
            {auditActionTitle(row.action)}
            {row.badge && (
              <> {isBadgeId(row.badge) ? badgeTitle(row.badge) : row.badge}</>
            )}
          </>
        ),
      },
      {
        title: 'Manifest digest',
        field: 'digest',
        render: row =>
          row.digest ? (
            <Tooltip title={row.digest}>
              <code className={classes.digest}>{shortDigest(row.digest)}</code>
            </Tooltip>
          ) : (
            <span className={classes.muted}>—</span>
          ),
      },
      {
        title: 'Comment',
        field: 'comment',
        render: row => (
          <span className={classes.comment}>{row.comment ?? '—'}</span>
        ),
      },
    ],
    [classes],
  );
}
