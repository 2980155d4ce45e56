import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { IngestKeySummary } from '@trellis/plugin-microapps-common';
import { formatDateTime } from '../shared/formatTimes';

const useStyles = makeStyles(theme => ({
  muted: { color: theme.palette.text.secondary },
}));

/** The app's ingest keys, each with when it was last used and a Revoke button. */
export function IngestKeysTable(props: {
  keys: IngestKeySummary[];
  onRevoke(key: IngestKeySummary): void;
}) {
  const classes = useStyles();
  if (props.keys.length === 0) {
    return (
      <Typography variant="body2" className={classes.muted}>
        No ingest keys yet. Create one for each place the app runs, so that a
        leaked key can be revoked alone.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Ingest keys">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Created</TableCell>
          <TableCell>Last used</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {props.keys.map(key => (
          <TableRow key={key.id}>
            <TableCell>{key.name}</TableCell>
            <TableCell>
              {formatDateTime(key.createdAt)} by{' '}
              <EntityRefLink entityRef={key.createdBy} defaultKind="user" />
            </TableCell>
            <TableCell>
              {key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}
            </TableCell>
            <TableCell align="right">
              <Button
                size="small"
                color="secondary"
                onClick={() => props.onRevoke(key)}
              >
                Revoke
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
