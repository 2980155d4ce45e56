import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { type BadgeDetail, badgeTitle } from '@trellis/plugin-microapps-common';
import type { BadgeDecision } from './BadgeDecisionDialog';

const useStyles = makeStyles(theme => ({
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  refusal: {
    display: 'block',
    maxWidth: 260,
    marginTop: theme.spacing(0.5),
    color: theme.palette.text.secondary,
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
 * The grant, request-changes and revoke buttons of one badge, each shown only
 * when the user may take that decision and the badge's state allows it. A
 * grant that separation of duties forbids is shown disabled, with why.
 */
export function BadgeActions(props: {
  badge: BadgeDetail;
  may: { grant: boolean; revoke: boolean };
  /** Why separation of duties keeps the user from granting, in display names. */
  refusal?: string;
  onAsk(decision: BadgeDecision, badge: BadgeDetail): void;
}) {
  const { badge, may, refusal, onAsk } = props;
  const classes = useStyles();
  const title = badgeTitle(badge.badge);
  const grantable = may.grant && canBeGranted(badge);
  return (
    <>
      <div className={classes.actions}>
        {grantable && refusal && (
          <Tooltip title={refusal}>
            {/* A disabled button fires no events: the span carries the tooltip. */}
            <span>
              <Button
                size="small"
                variant="outlined"
                color="primary"
                disabled
                aria-label={`Grant ${title} (not allowed: ${refusal})`}
              >
                Grant
              </Button>
            </span>
          </Tooltip>
        )}
        {grantable && !refusal && (
          <>
            <Button
              size="small"
              variant="outlined"
              color="primary"
              aria-label={`Grant ${title}`}
              onClick={() => onAsk('grant', badge)}
            >
              Grant
            </Button>
            <Button
              size="small"
              variant="outlined"
              aria-label={`Request changes to ${title}`}
              onClick={() => onAsk('request-changes', badge)}
            >
              Request changes
            </Button>
          </>
        )}
        {may.revoke && canBeRevoked(badge) && (
          <Button
            size="small"
            variant="outlined"
            aria-label={`Revoke ${title}`}
            onClick={() => onAsk('revoke', badge)}
          >
            Revoke
          </Button>
        )}
      </div>
      {grantable && refusal && (
        <Typography variant="caption" className={classes.refusal}>
          {refusal}
        </Typography>
      )}
    </>
  );
}
