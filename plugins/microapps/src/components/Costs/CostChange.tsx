import { makeStyles } from '@material-ui/core/styles';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import { formatChange } from '../format';
import { readableTextColor } from '../contrast';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: 2,
    whiteSpace: 'nowrap',
    fontVariantNumeric: 'tabular-nums',
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  up: { color: readableTextColor(theme, theme.palette.error.main) },
  down: { color: readableTextColor(theme, theme.palette.success.main) },
  flat: { color: theme.palette.text.secondary },
  icon: { fontSize: '1em' },
}));

export interface CostChangeProps {
  /** Relative change in percent; null when the previous period cost nothing. */
  pct: number | null | undefined;
  /** Said when there is nothing to compare with, e.g. "new". */
  noBaseline?: string;
}

/**
 * A cost change such as `▲ +12.5%`: red when spending grew, green when it
 * fell. The arrow and sign carry the meaning for those who cannot tell the
 * colours apart.
 */
export function CostChange(props: CostChangeProps) {
  const { pct, noBaseline = '—' } = props;
  const classes = useStyles();
  if (pct === null || pct === undefined || !Number.isFinite(pct)) {
    return (
      <span className={`${classes.root} ${classes.flat}`}>{noBaseline}</span>
    );
  }
  // Under a tenth of a percent reads as no change (formatChange shows 0.0%).
  let direction: 'up' | 'down' | 'flat' = 'flat';
  if (pct >= 0.05) direction = 'up';
  else if (pct <= -0.05) direction = 'down';
  const Icon = {
    up: ArrowUpwardIcon,
    down: ArrowDownwardIcon,
    flat: undefined,
  }[direction];
  return (
    <span className={`${classes.root} ${classes[direction]}`}>
      {Icon && <Icon className={classes.icon} aria-hidden />}
      {formatChange(pct)}
    </span>
  );
}
