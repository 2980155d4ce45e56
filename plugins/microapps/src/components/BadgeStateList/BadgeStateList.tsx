import { makeStyles, type Theme } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import RemoveCircleIcon from '@material-ui/icons/RemoveCircle';
import UpdateIcon from '@material-ui/icons/Update';
import WarningIcon from '@material-ui/icons/Warning';
import {
  badgeTitle,
  type BadgeId,
  type BadgeState,
  type BadgeSummary,
} from '@trellis/plugin-microapps-common';
import type { ComponentType } from 'react';
import { readableTextColor } from '../contrast';

const STATE_ICONS: Record<BadgeState, ComponentType<{ className?: string }>> = {
  granted: CheckCircleIcon,
  pending: HourglassEmptyIcon,
  stale: WarningIcon,
  expired: UpdateIcon,
  revoked: RemoveCircleIcon,
};

const stateColor = (theme: Theme, state: BadgeState): string => {
  switch (state) {
    case 'granted':
      return theme.palette.success.main;
    case 'stale':
    case 'expired':
      return theme.palette.warning.main;
    case 'revoked':
      return theme.palette.error.main;
    default:
      return theme.palette.text.secondary;
  }
};

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    ...theme.typography.caption,
    whiteSpace: 'nowrap',
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  icon: {
    fontSize: 14,
  },
  state: {
    color: theme.palette.text.secondary,
  },
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  granted: { color: readableTextColor(theme, stateColor(theme, 'granted')) },
  pending: { color: readableTextColor(theme, stateColor(theme, 'pending')) },
  stale: { color: readableTextColor(theme, stateColor(theme, 'stale')) },
  expired: { color: readableTextColor(theme, stateColor(theme, 'expired')) },
  revoked: { color: readableTextColor(theme, stateColor(theme, 'revoked')) },
}));

const SHORT_TITLES: Record<BadgeId, string> = {
  'security-review': 'Security',
  'compliance-review': 'Compliance',
  'executive-signoff': 'Executive',
  'production-readiness': 'Production',
};

/** Props of {@link BadgeStateList}. @public */
export interface BadgeStateListProps {
  badges: BadgeSummary[];
}

/**
 * The approval badges of an app, one line each: an icon coloured by state,
 * the badge's name and its state in words.
 *
 * @public
 */
export function BadgeStateList(props: BadgeStateListProps) {
  const classes = useStyles();
  return (
    <ul className={classes.list} aria-label="Approval badges">
      {props.badges.map(({ badge, state }) => {
        const Icon = STATE_ICONS[state];
        return (
          <li
            key={badge}
            className={classes.item}
            title={`${badgeTitle(badge)}: ${state}`}
          >
            <Icon className={`${classes.icon} ${classes[state]}`} />
            <span>
              {/* The full name for screen readers; the short one fits the table. */}
              <span className={classes.visuallyHidden}>
                {badgeTitle(badge)}
              </span>
              <span aria-hidden>{SHORT_TITLES[badge]}</span>:{' '}
              <span className={classes.state}>{state}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
