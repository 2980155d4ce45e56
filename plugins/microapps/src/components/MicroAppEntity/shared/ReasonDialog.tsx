import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useId, useRef, type ReactNode } from 'react';
import {
  responseErrorMessage,
  responseErrorTitle,
} from './responseErrorMessage';
import { useReasonForm } from './useReasonForm';
import { readableFill } from '../../contrast';

/** The backend's limit on comments and reasons. */
const MAX_LENGTH = 4000;

const useStyles = makeStyles(theme => ({
  field: {
    marginTop: theme.spacing(2),
  },
  refusal: {
    marginTop: theme.spacing(2),
  },
  destructive: {
    ...readableFill(theme, theme.palette.error.main),
    '&:hover': readableFill(theme, theme.palette.error.dark),
  },
}));

export interface ReasonDialogProps {
  open: boolean;
  title: string;
  /** What happens on confirmation. */
  children?: ReactNode;
  /** `Comment` or `Reason`. */
  fieldLabel: string;
  fieldHelp: string;
  /** Shown when the user confirms without writing anything. */
  requiredMessage: string;
  confirmLabel: string;
  /** Paints the confirm button red (turning a kill switch on, revoking). */
  destructive?: boolean;
  /**
   * What is wrong with the (trimmed) text besides being empty, if anything:
   * shown under the field, with the confirm button disabled until it is fixed.
   */
  problemOf?: (text: string) => string | undefined;
  /** Height of the field in lines (3 by default). */
  minRows?: number;
  /** Does the work; a rejection is shown in the dialog, which stays open. */
  onSubmit(text: string): Promise<void>;
  onClose(): void;
}

/**
 * A confirmation dialog that needs a written comment or reason. Empty text is
 * refused before anything is sent; a refusal from the backend (such as a 403
 * for separation of duties) is shown inside the dialog.
 */
export function ReasonDialog(props: ReasonDialogProps) {
  const { open, onSubmit, onClose } = props;
  const classes = useStyles();
  const titleId = useId();
  const fieldId = useId();
  const helpId = useId();
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const { text, missing, problem, busy, refusal, change, submit } =
    useReasonForm(open, onSubmit, props.problemOf);

  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
      // The comment is what the dialog is for: start there once it has opened.
      TransitionProps={{ onEntered: () => fieldRef.current?.focus() }}
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>{props.title}</DialogTitle>
        <DialogContent>
          {props.children}
          <TextField
            id={fieldId}
            className={classes.field}
            label={props.fieldLabel}
            value={text}
            onChange={event => change(event.target.value)}
            required
            multiline
            minRows={props.minRows ?? 3}
            fullWidth
            variant="outlined"
            inputRef={fieldRef}
            error={missing}
            helperText={
              missing ? props.requiredMessage : problem ?? props.fieldHelp
            }
            FormHelperTextProps={{ id: helpId }}
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
            className={props.destructive ? classes.destructive : undefined}
            disabled={busy || problem !== undefined}
            aria-describedby={problem ? helpId : undefined}
            startIcon={
              busy ? <CircularProgress size={16} color="inherit" /> : undefined
            }
          >
            {props.confirmLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
