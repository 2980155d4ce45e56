import { makeStyles, type Theme } from '@material-ui/core/styles';
import type { BadgeState, ReviewItem } from '@trellis/plugin-microapps-common';
import { specChangeText, specFieldLabel } from './specChangeText';

const STATE_LABELS: Record<BadgeState, string> = {
  pending: 'Pending',
  stale: 'Stale',
  expired: 'Expired',
  revoked: 'Revoked',
  granted: 'Granted',
};

const STATE_EXPLANATIONS: Record<BadgeState, string> = {
  pending: 'Not reviewed yet',
  stale: 'The manifest changed since the last review',
  expired: 'The last approval expired',
  revoked: 'The badge was revoked',
  granted: 'Granted',
};

const stateColor = (theme: Theme, state: BadgeState) => {
  switch (state) {
    case 'stale':
    case 'expired':
      return theme.palette.warning.main;
    case 'revoked':
      return theme.palette.error.main;
    case 'granted':
      return theme.palette.success.main;
    default:
      return theme.palette.text.secondary;
  }
};

const stateStyle = (theme: Theme, state: BadgeState) => ({
  borderColor: stateColor(theme, state),
  '&::before': { backgroundColor: stateColor(theme, state) },
});

const useStyles = makeStyles(theme => ({
  state: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
    whiteSpace: 'nowrap',
    fontWeight: theme.typography.fontWeightMedium as number,
    '&::before': {
      content: '""',
      display: 'inline-block',
      width: 8,
      height: 8,
      borderRadius: '50%',
    },
  },
  pending: stateStyle(theme, 'pending'),
  stale: stateStyle(theme, 'stale'),
  expired: stateStyle(theme, 'expired'),
  revoked: stateStyle(theme, 'revoked'),
  granted: stateStyle(theme, 'granted'),
  changes: {
    ...theme.typography.caption,
    margin: theme.spacing(0.5, 0, 0),
    padding: 0,
    listStyle: 'none',
    maxWidth: 340,
    overflowWrap: 'break-word',
  },
  requested: {
    ...theme.typography.caption,
    marginTop: theme.spacing(0.5),
    maxWidth: 340,
    overflowWrap: 'break-word',
  },
  field: {
    fontWeight: theme.typography.fontWeightBold as number,
    marginRight: theme.spacing(0.5),
  },
}));

/** The badge's state as a coloured dot and label; if stale, what changed. */
export function ReviewStateCell(props: { row: ReviewItem }) {
  const { row } = props;
  const classes = useStyles();
  return (
    <>
      <span
        className={`${classes.state} ${classes[row.state]}`}
        title={STATE_EXPLANATIONS[row.state]}
      >
        {STATE_LABELS[row.state]}
      </span>
      {row.changesRequested && (
        <div className={classes.requested}>
          <strong>Changes requested</strong>: {row.changesRequested.comment}
        </div>
      )}
      {row.state === 'stale' && row.changes && row.changes.length > 0 && (
        <ul className={classes.changes} aria-label="What changed">
          {row.changes.map(change => (
            <li key={change.field} title={change.field}>
              <span className={classes.field}>
                {specFieldLabel(change.field)}:
              </span>{' '}
              <span>{specChangeText(change)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
