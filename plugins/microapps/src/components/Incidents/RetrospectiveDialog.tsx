import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  responseErrorMessage,
  responseErrorTitle,
} from '../MicroAppEntity/shared/responseErrorMessage';

/** The backend refuses shorter retrospectives. */
export const RETROSPECTIVE_MIN_LENGTH = 20;
const MAX_LENGTH = 4000;

const useStyles = makeStyles(theme => ({
  field: { marginTop: theme.spacing(2) },
  refusal: { marginTop: theme.spacing(2) },
}));

/** Why the retrospective cannot be sent yet, or undefined when it can. */
export function retrospectiveProblem(text: string): string | undefined {
  const length = text.trim().length;
  if (length >= RETROSPECTIVE_MIN_LENGTH) return undefined;
  const more = RETROSPECTIVE_MIN_LENGTH - length;
  return `A retrospective needs at least ${RETROSPECTIVE_MIN_LENGTH} characters (${more} more).`;
}

/** The dialog's text, its problem, and the submission; cleared on each opening. */
function useRetrospectiveForm(
  open: boolean,
  onSubmit: (retrospective: string) => Promise<void>,
) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<unknown>();

  useEffect(() => {
    if (open) {
      setText('');
      setBusy(false);
      setRefusal(undefined);
    }
  }, [open]);

  const problem = retrospectiveProblem(text);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (problem) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      await onSubmit(text.trim());
    } catch (error) {
      setRefusal(error);
    } finally {
      setBusy(false);
    }
  };
  return { text, setText, busy, refusal, problem, submit };
}

/**
 * Closing an incident for good: a written retrospective of at least 20
 * characters is required, and the close button stays disabled, saying why,
 * until there is one. A refusal from the backend shows inside the dialog.
 */
export function RetrospectiveDialog(props: {
  open: boolean;
  incidentTitle: string;
  onSubmit(retrospective: string): Promise<void>;
  onClose(): void;
}) {
  const { open, onSubmit, onClose } = props;
  const classes = useStyles();
  const titleId = useId();
  const problemId = useId();
  const fieldId = useId();
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const { text, setText, busy, refusal, problem, submit } =
    useRetrospectiveForm(open, onSubmit);

  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
      TransitionProps={{ onEntered: () => fieldRef.current?.focus() }}
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>Close “{props.incidentTitle}”?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Closing is final: a closed incident cannot be reopened, and a new
            firing opens a new incident.
          </DialogContentText>
          <TextField
            id={fieldId}
            className={classes.field}
            label="Retrospective"
            value={text}
            onChange={event => setText(event.target.value)}
            required
            multiline
            minRows={4}
            fullWidth
            variant="outlined"
            inputRef={fieldRef}
            helperText={
              problem ??
              'What happened, why, and what changes so it does not happen again.'
            }
            FormHelperTextProps={{ id: problemId }}
            inputProps={{ maxLength: MAX_LENGTH }}
          />
          {refusal !== undefined && (
            <Alert severity="error" className={classes.refusal}>
              <AlertTitle>{responseErrorTitle(refusal)}</AlertTitle>
              {responseErrorMessage(refusal)}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={busy || problem !== undefined}
            aria-describedby={problem ? problemId : undefined}
            startIcon={
              busy ? <CircularProgress size={16} color="inherit" /> : undefined
            }
          >
            Close incident
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
