import type { TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import type { LoadedPolicy } from '../../api';
import { SeverityChip } from '../MicroAppEntity/policy/SeverityChip';
import { formatDateTime } from '../MicroAppEntity/shared/formatTimes';
import { policyActionText } from './policyActionText';
import { PolicyModeChip } from './PolicyModeChip';

const useStyles = makeStyles(theme => ({
  id: { fontFamily: 'monospace', whiteSpace: 'nowrap' },
  condition: {
    fontFamily: 'monospace',
    fontSize: '0.85em',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    minWidth: 200,
    margin: 0,
  },
  muted: { color: theme.palette.text.secondary },
  list: { margin: 0, paddingLeft: theme.spacing(2), minWidth: 160 },
  stack: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
  },
  nowrap: { whiteSpace: 'nowrap' },
}));

/** A row of the policies table. */
export type PolicyRow = LoadedPolicy & { key: string };

/** The latest firing of a policy, or that it never fired. */
function LastFiring(props: { policy: LoadedPolicy }) {
  const classes = useStyles();
  const [last] = props.policy.lastFirings;
  if (!last) return <span className={classes.muted}>Never fired</span>;
  return (
    <Typography variant="body2" component="span">
      <span className={classes.nowrap}>{formatDateTime(last.firedAt)}</span> on{' '}
      <EntityRefLink entityRef={last.entityRef} />
      {last.mode === 'dry-run' && ' (dry run)'}
    </Typography>
  );
}

/** The columns of the stewards' policies table. */
export function usePolicyColumns(): TableColumn<PolicyRow>[] {
  const classes = useStyles();
  return useMemo<TableColumn<PolicyRow>[]>(
    () => [
      {
        title: 'Policy',
        field: 'id',
        render: row => (
          <>
            <Typography variant="body2">{row.title}</Typography>
            <span className={classes.id}>{row.id}</span>
          </>
        ),
      },
      {
        // Mode and severity in one column, so that the table keeps to the
        // page's width at 1280 px.
        title: 'Mode',
        field: 'mode',
        render: row => (
          <div className={classes.stack}>
            <PolicyModeChip mode={row.mode} />
            <SeverityChip severity={row.severity} />
          </div>
        ),
      },
      {
        title: 'Condition',
        field: 'when',
        render: row => (
          <>
            <pre className={classes.condition}>{row.when}</pre>
            <Typography variant="caption" className={classes.muted}>
              over the last {row.window}
            </Typography>
          </>
        ),
      },
      {
        title: 'Actions',
        field: 'actions',
        render: row =>
          row.actions.length ? (
            <ul className={classes.list}>
              {row.actions.map((action, index) => (
                <li key={index}>{policyActionText(action)}</li>
              ))}
            </ul>
          ) : (
            <span className={classes.muted}>None</span>
          ),
      },
      {
        title: 'Last firing',
        field: 'lastFirings',
        render: row => <LastFiring policy={row} />,
      },
    ],
    [classes],
  );
}
