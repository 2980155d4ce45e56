import { badgeTitle, type ReviewItem } from '@trellis/plugin-microapps-common';
import { Link, LinkButton } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';
import { dueSinceText, OLD_REVIEW_DAYS, waitingText } from './reviewAge';
import { useGovernanceLink } from './useGovernanceLink';
import { readableFill, readableTextColor } from '../contrast';

const useStyles = makeStyles(theme => ({
  app: {
    minWidth: 200,
  },
  meta: {
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  stage: {
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  overdue: {
    display: 'block',
    color: readableTextColor(theme, theme.palette.error.main),
    fontWeight: theme.typography.fontWeightBold as number,
    whiteSpace: 'normal',
    maxWidth: 260,
  },
  // A long wait text ("first seen by Trellis 12 days ago") wraps between words.
  waiting: {
    display: 'inline-block',
    maxWidth: 160,
    fontVariantNumeric: 'tabular-nums',
  },
  old: {
    display: 'inline-block',
    padding: theme.spacing(0.25, 1),
    borderRadius: theme.shape.borderRadius,
    ...readableFill(theme, theme.palette.warning.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
  action: {
    whiteSpace: 'nowrap',
  },
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

/** Props of the cells of one review. */
export interface ReviewCellProps {
  row: ReviewItem;
}

/** Read by screen readers only. */
export function VisuallyHidden(props: { children: ReactNode }) {
  const classes = useStyles();
  return <span className={classes.visuallyHidden}>{props.children}</span>;
}

/** The app's title linking to its Governance tab, owner and lifecycle. */
export function ReviewAppCell(props: ReviewCellProps) {
  const { row } = props;
  const classes = useStyles();
  const governanceLink = useGovernanceLink();
  return (
    <div className={classes.app}>
      <Link to={governanceLink(row.entityRef)}>{row.title}</Link>
      <Typography variant="body2" component="div" className={classes.meta}>
        <EntityRefLink entityRef={row.owner} defaultKind="group" /> ·{' '}
        {row.lifecycle}
      </Typography>
    </div>
  );
}

/** The badge to grant and the stage it is needed for, or that it is overdue. */
export function BadgeNeededCell(props: ReviewCellProps) {
  const { row } = props;
  const classes = useStyles();
  return (
    <>
      <Typography variant="body2">{badgeTitle(row.badge)}</Typography>
      {row.overdue ? (
        <Typography variant="caption" className={classes.overdue}>
          Overdue — running in {row.lifecycle} without {badgeTitle(row.badge)}
        </Typography>
      ) : (
        <Typography variant="caption" className={classes.stage}>
          before {row.neededFor}
        </Typography>
      )}
    </>
  );
}

/** How long the review has waited; highlighted once it is old. */
export function WaitingCell(props: ReviewCellProps) {
  const { row } = props;
  const classes = useStyles();
  const old = row.ageDays >= OLD_REVIEW_DAYS;
  return (
    <Typography
      variant="body2"
      component="span"
      className={`${classes.waiting} ${old ? classes.old : ''}`}
      title={dueSinceText(row)}
    >
      {waitingText(row)}
    </Typography>
  );
}

/** A link, styled as a button, to the app's Governance tab. */
export function ReviewActionCell(props: ReviewCellProps) {
  const { row } = props;
  const classes = useStyles();
  const governanceLink = useGovernanceLink();
  return (
    <LinkButton
      className={classes.action}
      to={governanceLink(row.entityRef)}
      // It navigates: a link that looks like a button.
      role="link"
      variant="outlined"
      color="primary"
      size="small"
      aria-label={`Review ${badgeTitle(row.badge)} of ${row.title}`}
    >
      Review
    </LinkButton>
  );
}
