import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { LoadedPolicy } from '../../api';
import { readableFill } from '../contrast';
import { POLICY_MODE_TITLES } from '../MicroAppEntity/shared/displayNames';

const useStyles = makeStyles(theme => ({
  enforce: {
    ...readableFill(theme, theme.palette.primary.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
  'dry-run': {
    color: theme.palette.text.primary,
    border: `1px dashed ${theme.palette.text.primary}`,
    backgroundColor: 'transparent',
  },
}));

/**
 * A policy's mode: "Enforce" filled, "Dry run" with a dashed outline, so the
 * two differ by shape and words as well as colour.
 */
export function PolicyModeChip(props: { mode: LoadedPolicy['mode'] }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      className={classes[props.mode]}
      label={POLICY_MODE_TITLES[props.mode]}
    />
  );
}
