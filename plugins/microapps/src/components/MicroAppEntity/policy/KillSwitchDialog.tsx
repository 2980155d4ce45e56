import Typography from '@material-ui/core/Typography';
import { ReasonDialog } from '../shared/ReasonDialog';

/** Asks for a reason, and for confirmation, before turning the switch. */
export function KillSwitchDialog(props: {
  open: boolean;
  /** True to turn the switch on, false to turn it off. */
  target: boolean;
  appTitle: string;
  onClose(): void;
  onSubmit(reason: string): Promise<void>;
}) {
  const { open, target, appTitle, onClose, onSubmit } = props;
  return (
    <ReasonDialog
      open={open}
      title={
        target
          ? `Turn the kill switch on for ${appTitle}?`
          : `Turn the kill switch off for ${appTitle}?`
      }
      fieldLabel="Reason"
      fieldHelp="Goes to the audit log and to the app's owners."
      requiredMessage={`A reason is required: say why you turn the kill switch ${
        target ? 'on' : 'off'
      }.`}
      confirmLabel={target ? 'Turn on' : 'Turn off'}
      destructive={target}
      onClose={onClose}
      onSubmit={onSubmit}
    >
      <Typography variant="body2">
        {target
          ? `Model gateways will refuse every call from ${appTitle} until someone turns the kill switch off. Users of the app will see it fail.`
          : `Model gateways will let ${appTitle} call its models again.`}
      </Typography>
    </ReasonDialog>
  );
}
