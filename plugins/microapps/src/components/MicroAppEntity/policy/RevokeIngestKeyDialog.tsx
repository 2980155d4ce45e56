import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import type { IngestKeySummary } from '@trellis/plugin-microapps-common';

/** Asks before revoking a key; open while `ingestKey` is set. */
export function RevokeIngestKeyDialog(props: {
  ingestKey: IngestKeySummary | undefined;
  onCancel(): void;
  onConfirm(): void;
}) {
  const { ingestKey, onCancel, onConfirm } = props;
  return (
    <Dialog
      open={!!ingestKey}
      onClose={onCancel}
      aria-labelledby="revoke-key-title"
    >
      <DialogTitle id="revoke-key-title">
        Revoke the ingest key “{ingestKey?.name}”?
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2">
          It stops working at once: traces sent with it are refused (401).
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button color="secondary" variant="contained" onClick={onConfirm}>
          Revoke
        </Button>
      </DialogActions>
    </Dialog>
  );
}
