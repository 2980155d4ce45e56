import Chip from '@material-ui/core/Chip';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import type { IncidentState } from '../../api';
import { readableTextColor } from '../contrast';
import { INCIDENT_STATE_TITLES } from '../MicroAppEntity/shared/displayNames';

const outlined = (theme: Theme, color: string) => {
  const readable = readableTextColor(theme, color);
  return {
    color: readable,
    borderColor: readable,
    fontWeight: theme.typography.fontWeightBold as number,
  };
};

const useStyles = makeStyles(theme => ({
  open: outlined(theme, theme.palette.error.main),
  mitigated: outlined(theme, theme.palette.warning.main),
  closed: outlined(theme, theme.palette.text.secondary),
}));

/**
 * Where an incident stands, outlined so that it does not read as a severity:
 * red while open, amber once mitigated, grey when closed, always in words.
 */
export function IncidentStateChip(props: { state: IncidentState }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      variant="outlined"
      className={classes[props.state]}
      label={INCIDENT_STATE_TITLES[props.state]}
    />
  );
}
