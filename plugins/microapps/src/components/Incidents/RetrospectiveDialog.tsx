import DialogContentText from '@material-ui/core/DialogContentText';
import { ReasonDialog } from '../MicroAppEntity/shared/ReasonDialog';

/** The backend refuses shorter retrospectives. */
export const RETROSPECTIVE_MIN_LENGTH = 20;

/** Why the retrospective cannot be sent yet, or undefined when it can. */
export function retrospectiveProblem(text: string): string | undefined {
  const length = text.trim().length;
  if (length >= RETROSPECTIVE_MIN_LENGTH) return undefined;
  const more = RETROSPECTIVE_MIN_LENGTH - length;
  return `A retrospective needs at least ${RETROSPECTIVE_MIN_LENGTH} characters (${more} more).`;
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
  return (
    <ReasonDialog
      open={props.open}
      title={`Close “${props.incidentTitle}”?`}
      fieldLabel="Retrospective"
      fieldHelp="What happened, why, and what changes so it does not happen again."
      requiredMessage={retrospectiveProblem('')!}
      problemOf={retrospectiveProblem}
      minRows={4}
      confirmLabel="Close incident"
      onSubmit={props.onSubmit}
      onClose={props.onClose}
    >
      <DialogContentText>
        Closing is final: a closed incident cannot be reopened, and a new firing
        opens a new incident.
      </DialogContentText>
    </ReasonDialog>
  );
}
