import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { microAppAuditReadPermission } from '@trellis/plugin-microapps-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../api';
import {
  type AuditRow,
  useAuditColumns,
} from '../MicroAppEntity/governance/useAuditColumns';
import { AuditChainCheck } from './AuditChainCheck';
import { useAppBackgroundLabelStyles } from '../contrast';

/** Entries read; the export has them all. */
const AUDIT_LIMIT = 200;

const ACTIONS: Array<[string, string]> = [
  ['badge.granted', 'Grants'],
  ['badge.revoked', 'Revocations'],
  ['badge.changes-requested', 'Requested changes'],
  ['killswitch.enabled', 'Kill switch on'],
  ['killswitch.release-requested', 'Kill switch release requested'],
  ['killswitch.disabled', 'Kill switch off'],
];

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  field: { minWidth: 240 },
}));

function useColumns(): TableColumn<AuditRow>[] {
  const base = useAuditColumns();
  return useMemo(
    () => [
      ...base.slice(0, 2),
      {
        title: 'Micro-app',
        field: 'entityRef',
        render: row =>
          row.entityRef ? <EntityRefLink entityRef={row.entityRef} /> : <>—</>,
      },
      ...base.slice(2),
    ],
    [base],
  );
}

function AuditEntries() {
  const classes = useStyles();
  const labels = useAppBackgroundLabelStyles();
  const api = useApi(microAppsApiRef);
  const [app, setApp] = useState('');
  const [action, setAction] = useState('');
  const { value, loading, error } = useAsync(
    () => api.listAudit({ limit: AUDIT_LIMIT }),
    [api],
  );
  const columns = useColumns();
  const rows = useMemo<AuditRow[]>(() => {
    const words = app.trim().toLocaleLowerCase('en-US');
    return (value ?? [])
      .filter(entry => !action || entry.action === action)
      .filter(
        entry =>
          !words ||
          (entry.entityRef ?? '').toLocaleLowerCase('en-US').includes(words),
      )
      .map(entry => ({ ...entry, key: entry.id }));
  }, [value, app, action]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <>
      <AuditChainCheck />
      <div className={classes.filters} role="group" aria-label="Filter entries">
        <TextField
          className={classes.field}
          variant="outlined"
          size="small"
          label="Micro-app"
          InputLabelProps={{ className: labels.label }}
          placeholder="e.g. invoice-field-extractor"
          value={app}
          onChange={event => setApp(event.target.value)}
        />
        <FormControl variant="outlined" size="small" className={classes.field}>
          <InputLabel id="audit-action-label" className={labels.label}>
            Action
          </InputLabel>
          <Select
            labelId="audit-action-label"
            label="Action"
            value={action}
            onChange={event => setAction(event.target.value as string)}
          >
            <MenuItem value="">Every action</MenuItem>
            {ACTIONS.map(([id, label]) => (
              <MenuItem key={id} value={id}>
                {label}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      </div>
      <Table<AuditRow>
        title={`Audit log (${rows.length})`}
        subtitle={`Newest first, the latest ${AUDIT_LIMIT} entries; each is hash-chained to the one before`}
        columns={columns}
        data={rows}
        options={{
          paging: rows.length > 50,
          pageSize: 50,
          search: false,
          sorting: false,
          draggable: false,
          padding: 'dense',
        }}
      />
    </>
  );
}

/**
 * The portal's governance audit log for stewards (`/microapps/audit`):
 * entries with filters, chain verification and export.
 *
 * @public
 */
export function AuditLogPage() {
  const { allowed, loading } = usePermission({
    permission: microAppAuditReadPermission,
  });
  return (
    <Page themeId="tool">
      <Header
        title="Governance audit log"
        subtitle="Every grant, revocation, requested change and kill-switch change"
      />
      <Content>
        {loading && <Progress />}
        {!loading && allowed && <AuditEntries />}
        {!loading && !allowed && (
          <Typography variant="body1">
            The audit log is visible to people allowed to read it (permission
            microapps.audit.read), usually the stewards.
          </Typography>
        )}
      </Content>
    </Page>
  );
}
