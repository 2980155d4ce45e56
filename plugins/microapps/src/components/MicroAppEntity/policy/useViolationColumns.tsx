import type { TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { Violation } from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import {
  capitalize,
  DECISION_TITLES,
  VIOLATION_TYPE_TITLES,
} from '../shared/displayNames';
import { formatDateTime } from '../shared/formatTimes';
import { SeverityChip } from './SeverityChip';
import { TraceIdLink } from './TraceIdLink';
import { CONTENT_SIZED_COLUMN } from '../../format/contentSizedColumn';

const useStyles = makeStyles(theme => ({
  muted: { color: theme.palette.text.secondary },
  nowrap: { whiteSpace: 'nowrap' },
  // Rule ids are one token, kept whole up to a third of the table; only a
  // longer one (or free text reported as a rule) wraps, so the table keeps
  // to the page.
  rule: {
    fontFamily: 'monospace',
    display: 'inline-block',
    maxWidth: 320,
    wordBreak: 'normal',
    overflowWrap: 'break-word',
  },
  // Free text wraps between words; only a word wider than the cell breaks.
  detail: { overflowWrap: 'break-word', minWidth: 160 },
  // Titles wrap between words, never inside one.
  words: { wordBreak: 'normal', overflowWrap: 'normal', minWidth: 96 },
}));

// Sized by content, so that the trace column stays in view at 1280 px.
const sized = CONTENT_SIZED_COLUMN;

/** A row of the violations table. */
export type ViolationRow = Violation & { key: string };

const SOURCE_TITLES: Record<Violation['source'], string> = {
  reported: 'Reported by the app',
  derived: 'Derived by Trellis',
};

/** The columns of the violations table; a dash stands for a missing value. */
export function useViolationColumns(): TableColumn<ViolationRow>[] {
  const classes = useStyles();
  return useMemo<TableColumn<ViolationRow>[]>(() => {
    const none = <span className={classes.muted}>—</span>;
    const columns: TableColumn<ViolationRow>[] = [
      {
        title: 'Time',
        field: 'occurredAt',
        render: row => (
          <span className={classes.nowrap}>
            {formatDateTime(row.occurredAt)}
          </span>
        ),
      },
      {
        // Where it came from under the type, so that the table keeps to the
        // page's width and the trace column stays in view.
        title: 'Type',
        field: 'type',
        render: row => (
          <div className={classes.words}>
            <div>{VIOLATION_TYPE_TITLES[row.type] ?? capitalize(row.type)}</div>
            <Typography variant="caption" className={classes.muted}>
              {SOURCE_TITLES[row.source] ?? row.source}
            </Typography>
          </div>
        ),
      },
      {
        title: 'Severity',
        field: 'severity',
        render: row => <SeverityChip severity={row.severity} />,
      },
      {
        title: 'Rule',
        field: 'rule',
        render: row =>
          row.rule ? <span className={classes.rule}>{row.rule}</span> : none,
      },
      {
        title: 'Decision',
        field: 'decision',
        render: row =>
          row.decision ? (
            <span className={classes.words}>
              {DECISION_TITLES[row.decision]}
            </span>
          ) : (
            none
          ),
      },
      {
        title: 'Detail',
        field: 'detail',
        render: row =>
          row.detail ? (
            <Typography variant="body2" className={classes.detail}>
              {row.detail}
            </Typography>
          ) : (
            none
          ),
      },
      {
        title: 'Trace',
        field: 'traceId',
        render: row =>
          row.traceId ? (
            <TraceIdLink traceId={row.traceId} spanId={row.spanId} />
          ) : (
            none
          ),
      },
    ];
    return columns.map(column => ({ ...sized, ...column }));
  }, [classes]);
}
