import Chip from '@material-ui/core/Chip';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import type { ViolationSeverity } from '@trellis/plugin-microapps-common';
import type { IncidentSeverity } from '../../../api';
import { INCIDENT_SEVERITY_TITLES } from '../shared/displayNames';
import { readableFill } from '../../contrast';

const filled = (theme: Theme, color: string) => ({
  ...readableFill(theme, color),
  fontWeight: theme.typography.fontWeightBold as number,
});

const useStyles = makeStyles(theme => ({
  critical: filled(theme, theme.palette.error.dark),
  high: filled(theme, theme.palette.error.main),
  medium: filled(theme, theme.palette.warning.main),
  low: filled(theme, theme.palette.info.main),
}));

/**
 * A violation's (or an incident's) severity: dark red for critical, red for
 * high, amber for medium, blue for low, always in words too.
 */
export function SeverityChip(props: {
  severity: ViolationSeverity | IncidentSeverity;
}) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      className={classes[props.severity]}
      label={INCIDENT_SEVERITY_TITLES[props.severity]}
    />
  );
}
