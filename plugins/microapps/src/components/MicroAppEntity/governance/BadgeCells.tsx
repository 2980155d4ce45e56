import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { type BadgeDetail, badgeTitle } from '@trellis/plugin-microapps-common';
import { formatRelativeDays } from '../../format';
import { BadgeStateChip } from './BadgeStateChip';
import { SpecChangeList } from './SpecChangeList';
import { formatDate, formatDateTime, shortDigest } from '../shared/formatTimes';

// The cells of the badges table, one component per column.

const useStyles = makeStyles(theme => ({
  name: {
    fontWeight: theme.typography.fontWeightBold as number,
  },
  muted: {
    color: theme.palette.text.secondary,
  },
  details: {
    marginTop: theme.spacing(0.5),
  },
  digest: {
    fontFamily: 'monospace',
    whiteSpace: 'nowrap',
  },
  comment: {
    overflowWrap: 'anywhere',
  },
}));

function neededFor(badge: BadgeDetail, tier: string): string {
  if (badge.requiredFor) return `Needed before ${badge.requiredFor}`;
  return `Not needed for a ${tier}-tier app`;
}

/** A cell with nothing to show. */
function NoValue() {
  const classes = useStyles();
  return <span className={classes.muted}>—</span>;
}

export function BadgeNameCell(props: { badge: BadgeDetail; tier: string }) {
  const { badge, tier } = props;
  const classes = useStyles();
  return (
    <>
      <Typography variant="body2" className={classes.name}>
        {badgeTitle(badge.badge)}
      </Typography>
      <Typography variant="caption" className={classes.muted}>
        {neededFor(badge, tier)}
      </Typography>
    </>
  );
}

/** Who revoked the badge, when and why. */
function RevocationNote(props: { badge: BadgeDetail }) {
  const { badge } = props;
  const classes = useStyles();
  return (
    <Typography
      variant="caption"
      component="div"
      className={`${classes.details} ${classes.comment}`}
    >
      {badge.revokedAt && <>On {formatDate(badge.revokedAt)}</>}
      {badge.revokedBy && (
        <>
          {' by '}
          <EntityRefLink entityRef={badge.revokedBy} defaultKind="user" />
        </>
      )}
      {badge.revokeComment && <>: “{badge.revokeComment}”</>}
    </Typography>
  );
}

/** The state, with what changed since the review for a stale badge. */
export function BadgeStateCell(props: { badge: BadgeDetail }) {
  const { badge } = props;
  const classes = useStyles();
  return (
    <>
      <BadgeStateChip state={badge.state} />
      {badge.state === 'stale' && badge.changes?.length ? (
        <div className={classes.details}>
          <Typography variant="caption" className={classes.muted}>
            Changed since the review:
          </Typography>
          <SpecChangeList changes={badge.changes} />
        </div>
      ) : null}
      {badge.staleReason === 'review-required' && (
        <div className={classes.details}>
          <Typography variant="caption" className={classes.muted}>
            Policy {badge.reviewRequiredBy} asked for a new review
            {badge.reviewRequiredAt
              ? ` on ${formatDate(badge.reviewRequiredAt)}`
              : ''}
            ; the grant no longer counts until a steward grants it again.
          </Typography>
        </div>
      )}
      {badge.state === 'revoked' && <RevocationNote badge={badge} />}
      {badge.changesRequested && (
        <div className={classes.details}>
          <Typography variant="body2">
            <strong>Changes requested</strong>
          </Typography>
          <Typography variant="caption" className={classes.muted}>
            “{badge.changesRequested.comment}”
          </Typography>
        </div>
      )}
    </>
  );
}

export function ApproverCell(props: { badge: BadgeDetail }) {
  const { badge } = props;
  const classes = useStyles();
  if (!badge.approver) return <NoValue />;
  return (
    <>
      <EntityRefLink entityRef={badge.approver} defaultKind="user" />
      {badge.comment && (
        <Typography
          variant="caption"
          component="div"
          className={`${classes.muted} ${classes.comment}`}
        >
          “{badge.comment}”
        </Typography>
      )}
    </>
  );
}

export function GrantedCell(props: { badge: BadgeDetail }) {
  const { grantedAt } = props.badge;
  if (!grantedAt) return <NoValue />;
  return (
    <Tooltip title={formatDateTime(grantedAt)}>
      <span>{formatDate(grantedAt)}</span>
    </Tooltip>
  );
}

export function ExpiresCell(props: { badge: BadgeDetail }) {
  const { badge } = props;
  const classes = useStyles();
  if (!badge.expiresAt || badge.state === 'revoked') return <NoValue />;
  return (
    <>
      {formatDate(badge.expiresAt)}
      <Typography variant="caption" component="div" className={classes.muted}>
        {formatRelativeDays(badge.expiresAt)}
      </Typography>
    </>
  );
}

/** The manifest digest the badge was granted on, and whether it is current. */
export function GrantedDigestCell(props: {
  badge: BadgeDetail;
  currentDigest: string;
}) {
  const { grantedDigest } = props.badge;
  const classes = useStyles();
  if (!grantedDigest) return <NoValue />;
  return (
    <Tooltip title={grantedDigest}>
      <span>
        <code className={classes.digest}>{shortDigest(grantedDigest)}</code>
        <Typography variant="caption" component="div" className={classes.muted}>
          {grantedDigest === props.currentDigest
            ? 'current manifest'
            : 'an earlier manifest'}
        </Typography>
      </span>
    </Tooltip>
  );
}
