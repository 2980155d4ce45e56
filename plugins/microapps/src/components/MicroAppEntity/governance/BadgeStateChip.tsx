import Chip from '@material-ui/core/Chip';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import RemoveCircleIcon from '@material-ui/icons/RemoveCircle';
import UpdateIcon from '@material-ui/icons/Update';
import WarningIcon from '@material-ui/icons/Warning';
import type { BadgeState } from '@trellis/plugin-microapps-common';
import type { ComponentType } from 'react';
import { BADGE_STATE_TITLES } from '../shared/displayNames';
import { readableFill } from '../../contrast';

const ICONS: Record<BadgeState, ComponentType<{ className?: string }>> = {
  granted: CheckCircleIcon,
  pending: HourglassEmptyIcon,
  stale: WarningIcon,
  expired: UpdateIcon,
  revoked: RemoveCircleIcon,
};

const filled = (theme: Theme, color: string) => ({
  ...readableFill(theme, color),
  '& $icon': { color: 'inherit' },
});

const useStyles = makeStyles(theme => ({
  icon: {},
  granted: filled(theme, theme.palette.success.main),
  stale: filled(theme, theme.palette.warning.main),
  expired: filled(theme, theme.palette.warning.main),
  revoked: filled(theme, theme.palette.error.main),
  pending: {},
}));

/** A badge's state as a chip: colour and icon, and always the state in words. */
export function BadgeStateChip(props: { state: BadgeState }) {
  const { state } = props;
  const classes = useStyles();
  const Icon = ICONS[state];
  return (
    <Chip
      size="small"
      variant={state === 'pending' ? 'outlined' : 'default'}
      className={classes[state]}
      icon={<Icon className={classes.icon} />}
      label={BADGE_STATE_TITLES[state]}
    />
  );
}
