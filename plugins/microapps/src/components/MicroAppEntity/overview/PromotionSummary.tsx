import { makeStyles } from '@material-ui/core/styles';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import {
  type MicroAppDetail,
  nextGatedStage,
  badgeTitle,
} from '@trellis/plugin-microapps-common';
import { readableTextColor } from '../../contrast';

const useStyles = makeStyles(theme => ({
  line: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
  },
  icon: {
    fontSize: 18,
    flexShrink: 0,
  },
  ok: { color: readableTextColor(theme, theme.palette.success.main) },
  blocked: { color: readableTextColor(theme, theme.palette.error.main) },
}));

/** One line: may the app enter (or stay in) its next gated stage, and if not, why. */
export function PromotionSummary(props: { detail: MicroAppDetail }) {
  const { detail } = props;
  const classes = useStyles();
  const stage = nextGatedStage(detail.lifecycle);
  if (!stage) return <>Decommissioned: no promotion ahead</>;
  // Already in production: whether it may stay there is the status above.
  if (detail.lifecycle === 'production') {
    return <>In production: no promotion ahead</>;
  }
  const gate = detail.gates[stage];
  if (gate.allowed) {
    return (
      <span className={classes.line}>
        <CheckCircleIcon className={`${classes.icon} ${classes.ok}`} />
        Has every badge {stage} needs
      </span>
    );
  }
  const why = gate.missing.length
    ? `missing ${gate.missing.map(badgeTitle).join(', ')}`
    : gate.reasons[0] ?? 'blocked';
  return (
    <span className={classes.line}>
      <BlockIcon className={`${classes.icon} ${classes.blocked}`} />
      Blocked for {stage}: {why}
    </span>
  );
}
