import { CopyTextButton } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type { NewIngestKey } from '@trellis/plugin-microapps-common';

const useStyles = makeStyles(theme => ({
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
  intro: { marginTop: theme.spacing(2) },
}));

/** The one moment a new key is shown: copy it or lose it. */
export function NewIngestKeyDialog(props: {
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
        <Typography variant="body2" className={classes.intro}>
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
