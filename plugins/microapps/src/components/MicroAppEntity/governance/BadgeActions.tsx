import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import { type BadgeDetail, badgeTitle } from '@trellis/plugin-microapps-common';
import type { BadgeDecision } from './BadgeDecisionDialog';

const useStyles = makeStyles(theme => ({
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
}));

/** Grant is offered for any badge that is not granted now. */
const canBeGranted = (badge: BadgeDetail) => badge.state !== 'granted';
/** Revoke is offered for a badge that was granted and not revoked since. */
const canBeRevoked = (badge: BadgeDetail) =>
  badge.state === 'granted' ||
  badge.state === 'stale' ||
  badge.state === 'expired';

/**
 * The grant and revoke buttons of one badge, each shown only when the user
 * may take that decision and the badge's state allows it.
 */
export function BadgeActions(props: {
  badge: BadgeDetail;
  may: { grant: boolean; revoke: boolean };
  onAsk(decision: BadgeDecision, badge: BadgeDetail): void;
}) {
  const { badge, may, onAsk } = props;
  const classes = useStyles();
  return (
    <div className={classes.actions}>
      {may.grant && canBeGranted(badge) && (
        <Button
          size="small"
          variant="outlined"
          color="primary"
          aria-label={`Grant ${badgeTitle(badge.badge)}`}
          onClick={() => onAsk('grant', badge)}
        >
          Grant
        </Button>
      )}
      {may.revoke && canBeRevoked(badge) && (
        <Button
          size="small"
          variant="outlined"
          aria-label={`Revoke ${badgeTitle(badge.badge)}`}
          onClick={() => onAsk('revoke', badge)}
        >
          Revoke
        </Button>
      )}
    </div>
  );
}
