import {
  CopyTextButton,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  type IngestKeySummary,
  microAppIngestKeyManagePermission,
  type NewIngestKey,
} from '@trellis/plugin-microapps-common';
import { useId, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { microAppsApiRef } from '../../../api';
import { formatDateTime } from '../shared/formatTimes';
import { responseErrorMessage } from '../shared/responseErrorMessage';

const useStyles = makeStyles(theme => ({
  muted: { color: theme.palette.text.secondary },
  env: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    backgroundColor: theme.palette.background.default,
    padding: theme.spacing(1.5),
    borderRadius: theme.shape.borderRadius,
    margin: theme.spacing(1, 0),
  },
  actions: { marginTop: theme.spacing(2) },
}));

/**
 * The environment lines an OpenTelemetry SDK needs to send the app's traces
 * with this key. Header values are percent-encoded, as the
 * OTEL_EXPORTER_OTLP_HEADERS format requires.
 */
export function otelEnvironment(
  endpoint: string,
  key: string,
  entityRef: string,
): string {
  return [
    `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${endpoint}`,
    `OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20${key}`,
    `OTEL_EXPORTER_OTLP_COMPRESSION=gzip`,
    `OTEL_RESOURCE_ATTRIBUTES=trellis.microapp.ref=${entityRef}`,
  ].join('\n');
}

/** The one moment a new key is shown: copy it or lose it. */
function NewKeyDialog(props: {
  created: NewIngestKey | undefined;
  environment: string;
  onClose(): void;
}) {
  const { created, environment, onClose } = props;
  const classes = useStyles();
  return (
    <Dialog open={!!created} onClose={onClose} aria-labelledby="new-key-title">
      <DialogTitle id="new-key-title">
        Ingest key “{created?.name}” created
      </DialogTitle>
      <DialogContent>
        <Alert severity="warning">
          Copy it now: this is the only time it is shown. Trellis keeps a hash
          of it only.
        </Alert>
        <Typography variant="body2" className={classes.actions}>
          Set these in the micro-app’s environment:
        </Typography>
        <pre className={classes.env} aria-label="Environment for the micro-app">
          {environment}
        </pre>
        <CopyTextButton text={environment} tooltipText="Copied" />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} color="primary">
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function KeysTable(props: {
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

/**
 * The app's ingest keys, for its owners and platform stewards
 * (`microapps.ingestkey.manage`): create one (shown once, with the
 * environment lines to paste), see when each was last used, revoke one. The
 * card is left out for everyone else.
 */
export function IngestKeysCard(props: { entityRef: string }) {
  const { entityRef } = props;
  const classes = useStyles();
  const api = useApi(microAppsApiRef);
  const permission = usePermission({
    permission: microAppIngestKeyManagePermission,
    resourceRef: entityRef,
  });
  const keys = useAsyncRetry(
    async () =>
      permission.allowed ? api.listIngestKeys(entityRef) : undefined,
    [api, entityRef, permission.allowed],
  );
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string>();
  const [created, setCreated] = useState<NewIngestKey>();
  const [environment, setEnvironment] = useState('');
  const [revoking, setRevoking] = useState<IngestKeySummary>();
  const nameFieldId = useId();

  if (permission.loading) return null;
  if (!permission.allowed) return null;

  const create = async () => {
    setProblem(undefined);
    if (!name.trim()) {
      setProblem('Give the key a name, such as where the app runs.');
      return;
    }
    try {
      const key = await api.createIngestKey(entityRef, name.trim());
      setEnvironment(
        otelEnvironment(await api.getTracesEndpoint(), key.key, entityRef),
      );
      setCreated(key);
      setName('');
      keys.retry();
    } catch (error) {
      setProblem(responseErrorMessage(error));
    }
  };

  return (
    <InfoCard
      title="Ingest keys"
      subheader="What the app sends its OpenTelemetry traces with; each key speaks for this app only"
    >
      {keys.loading && !keys.value && <Progress />}
      {keys.error && <ResponseErrorPanel error={keys.error} />}
      {keys.value && (
        <KeysTable keys={keys.value} onRevoke={key => setRevoking(key)} />
      )}
      <div className={classes.actions}>
        <TextField
          id={nameFieldId}
          label="New key name"
          helperText={problem ?? 'For example production, staging or a laptop'}
          error={!!problem}
          value={name}
          onChange={event => setName(event.target.value)}
          size="small"
          inputProps={{ maxLength: 200 }}
        />{' '}
        <Button variant="outlined" color="primary" onClick={create}>
          Create key
        </Button>
      </div>
      <NewKeyDialog
        created={created}
        environment={environment}
        onClose={() => setCreated(undefined)}
      />
      <Dialog
        open={!!revoking}
        onClose={() => setRevoking(undefined)}
        aria-labelledby="revoke-key-title"
      >
        <DialogTitle id="revoke-key-title">
          Revoke the ingest key “{revoking?.name}”?
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2">
            It stops working at once: traces sent with it are refused (401).
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setRevoking(undefined)}>Cancel</Button>
          <Button
            color="secondary"
            variant="contained"
            onClick={async () => {
              if (revoking) await api.revokeIngestKey(entityRef, revoking.id);
              setRevoking(undefined);
              keys.retry();
            }}
          >
            Revoke
          </Button>
        </DialogActions>
      </Dialog>
    </InfoCard>
  );
}
