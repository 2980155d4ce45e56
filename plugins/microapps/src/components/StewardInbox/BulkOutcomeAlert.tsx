import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { badgeTitle } from '@trellis/plugin-microapps-common';
import type { BulkOutcome } from './bulkDecisions';

const useStyles = makeStyles(theme => ({
  alert: { marginBottom: theme.spacing(2) },
  list: { margin: theme.spacing(0.5, 0, 0), paddingLeft: theme.spacing(2.5) },
}));

const DONE: Record<BulkOutcome['decision'], string> = {
  grant: 'Granted',
  'request-changes': 'Requested changes for',
};

/** "Granted 2 of 3 badges", and each refusal with the backend's reason. */
export function BulkOutcomeAlert(props: {
  outcome: BulkOutcome;
  onClose(): void;
}) {
  const { outcome, onClose } = props;
  const classes = useStyles();
  const total = outcome.done.length + outcome.refused.length;
  return (
    <Alert
      className={classes.alert}
      severity={outcome.refused.length > 0 ? 'warning' : 'success'}
      onClose={onClose}
    >
      {DONE[outcome.decision]} {outcome.done.length} of {total}{' '}
      {total === 1 ? 'badge' : 'badges'}.
      {outcome.refused.length > 0 && (
        <ul className={classes.list} aria-label="Refused">
          {outcome.refused.map(({ item, message }) => (
            <li key={`${item.entityRef}#${item.badge}`}>
              {item.title}, {badgeTitle(item.badge)}: {message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
