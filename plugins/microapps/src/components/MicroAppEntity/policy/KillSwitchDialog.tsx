import Typography from '@material-ui/core/Typography';
import { ReasonDialog } from '../shared/ReasonDialog';
import type { ReleaseStep } from './killSwitchPermissions';

/** What turning the switch does, in words. */
function consequence(target: boolean, step: ReleaseStep, appTitle: string) {
  if (target) {
    return `Model gateways will refuse every call from ${appTitle} until someone turns the kill switch off. Users of the app will see it fail.`;
  }
  if (step === 'first-key') {
    return `Two stewards must release this switch. You are the first: the switch stays on until a second steward confirms.`;
  }
  if (step === 'second-key') {
    return `Another steward asked to release this switch. You are the second key: confirming turns it off, and model gateways will let ${appTitle} call its models again.`;
  }
  return `Model gateways will let ${appTitle} call its models again.`;
}

/** Asks for a reason, and for confirmation, before turning the switch. */
export function KillSwitchDialog(props: {
  open: boolean;
  /** True to turn the switch on, false to turn it off. */
  target: boolean;
  /** Which key of a two-steward release this is, if it needs two. */
  releaseStep?: ReleaseStep;
  appTitle: string;
  onClose(): void;
  onSubmit(reason: string): Promise<void>;
}) {
  const { open, target, appTitle, onClose, onSubmit } = props;
  const step = props.releaseStep ?? 'single';
  let title = `Turn the kill switch off for ${appTitle}?`;
  let confirmLabel = 'Turn off';
  if (target) {
    title = `Turn the kill switch on for ${appTitle}?`;
    confirmLabel = 'Turn on';
  } else if (step === 'first-key') {
    title = `Ask to release the kill switch of ${appTitle}?`;
    confirmLabel = 'Request release';
  } else if (step === 'second-key') {
    title = `Confirm the release of the kill switch of ${appTitle}?`;
    confirmLabel = 'Confirm release';
  }
  return (
    <ReasonDialog
      open={open}
      title={title}
      fieldLabel="Reason"
      fieldHelp="Goes to the audit log and to the app's owners."
      requiredMessage={`A reason is required: say why you turn the kill switch ${
        target ? 'on' : 'off'
      }.`}
      confirmLabel={confirmLabel}
      destructive={target}
      onClose={onClose}
      onSubmit={onSubmit}
    >
      <Typography variant="body2">
        {consequence(target, step, appTitle)}
      </Typography>
    </ReasonDialog>
  );
}
