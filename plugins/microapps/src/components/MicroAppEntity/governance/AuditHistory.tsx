import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { microAppAuditReadPermission } from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../../api';
import { useAuditColumns, type AuditRow } from './useAuditColumns';

/** Entries shown; the full log is exported from the audit API. */
const AUDIT_LIMIT = 50;

const useStyles = makeStyles(theme => ({
  muted: { color: theme.palette.text.secondary },
  empty: { padding: theme.spacing(2) },
}));

function AuditTable(props: { entityRef: string; refreshKey?: unknown }) {
  const classes = useStyles();
  const api = useApi(microAppsApiRef);
  const { value, loading, error } = useAsync(
    () => api.listAudit({ entityRef: props.entityRef, limit: AUDIT_LIMIT }),
    [api, props.entityRef, props.refreshKey],
  );

  const columns = useAuditColumns();
  const rows = useMemo<AuditRow[]>(
    () => (value ?? []).map(entry => ({ ...entry, key: entry.id })),
    [value],
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Table<AuditRow>
      title="Audit history"
      subtitle={`Grants, revocations, requested changes and kill-switch changes, newest first (up to ${AUDIT_LIMIT}); each entry is hash-chained to the one before`}
      columns={columns}
      data={rows}
      options={{
        paging: false,
        search: false,
        sorting: false,
        draggable: false,
        padding: 'dense',
      }}
      emptyContent={
        <Typography
          variant="body2"
          className={`${classes.muted} ${classes.empty}`}
        >
          Nothing recorded for this app yet. Grants, revocations and kill-switch
          changes appear here as they happen.
        </Typography>
      }
    />
  );
}

/**
 * The app's audit history, for people allowed to read the audit log
 * (`microapps.audit.read`); everyone else sees a note saying so.
 */
export function AuditHistory(props: {
  entityRef: string;
  /** Reloads the entries when it changes (after a decision on the app). */
  refreshKey?: unknown;
}) {
  const classes = useStyles();
  const { allowed, loading } = usePermission({
    permission: microAppAuditReadPermission,
  });
  if (loading) return <Progress />;
  if (!allowed) {
    return (
      <InfoCard title="Audit history">
        <Typography variant="body2" className={classes.muted}>
          The audit history of grants, revocations and kill-switch changes is
          visible to people allowed to read the audit log (permission
          microapps.audit.read), usually the stewards. Ask one of them if you
          need it.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <AuditTable entityRef={props.entityRef} refreshKey={props.refreshKey} />
  );
}
