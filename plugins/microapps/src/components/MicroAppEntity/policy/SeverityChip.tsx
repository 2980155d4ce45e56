import Chip from '@material-ui/core/Chip';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import type { ViolationSeverity } from '@trellis/plugin-microapps-common';
import { SEVERITY_TITLES } from '../shared/displayNames';
import { readableFill } from '../../contrast';

const filled = (theme: Theme, color: string) => ({
  ...readableFill(theme, color),
  fontWeight: theme.typography.fontWeightBold as number,
});

const useStyles = makeStyles(theme => ({
  high: filled(theme, theme.palette.error.main),
  medium: filled(theme, theme.palette.warning.main),
  low: filled(theme, theme.palette.info.main),
}));

/** A violation's severity: red for high, amber for medium, blue for low, always in words too. */
export function SeverityChip(props: { severity: ViolationSeverity }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      className={classes[props.severity]}
      label={SEVERITY_TITLES[props.severity]}
    />
  );
}
