import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type { AuditVerification } from '@trellis/plugin-microapps-common';
import { useState } from 'react';
import { microAppsApiRef } from '../../api';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
  result: { marginBottom: theme.spacing(2) },
}));

function verificationText(result: AuditVerification): string {
  if (result.valid) {
    return `The chain is intact: ${result.entries} entries verified. Head hash ${result.headHash}.`;
  }
  return `The chain is broken${
    result.firstBrokenId !== undefined
      ? ` at entry ${result.firstBrokenId}`
      : ''
  }: ${result.reason ?? 'an entry does not match its hash'}.`;
}

/** "Verify chain" and "Export" for the whole audit log. */
export function AuditChainCheck() {
  const classes = useStyles();
  const api = useApi(microAppsApiRef);
  const [result, setResult] = useState<AuditVerification>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api.verifyAudit());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const exportLog = async () => {
    setError(undefined);
    try {
      const text = await api.exportAudit();
      const url = URL.createObjectURL(
        new Blob([text], { type: 'application/x-ndjson' }),
      );
      const link = document.createElement('a');
      link.href = url;
      link.download = 'microapps-audit-log.jsonl';
      link.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <>
      <div className={classes.bar}>
        <Button
          variant="contained"
          color="primary"
          disabled={busy}
          onClick={verify}
        >
          Verify chain
        </Button>
        <Button variant="outlined" onClick={exportLog}>
          Export
        </Button>
      </div>
      {result && (
        <Alert
          severity={result.valid ? 'success' : 'error'}
          className={classes.result}
        >
          {verificationText(result)}
        </Alert>
      )}
      {error && (
        <Alert severity="error" className={classes.result}>
          {error}
        </Alert>
      )}
    </>
  );
}
