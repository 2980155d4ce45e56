import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import { BudgetProgress } from '../Costs/BudgetProgress';
import { formatUsd, violationsText } from '../format';
import { readableTextColor } from '../contrast';

const useStyles = makeStyles(theme => ({
  side: {
    flex: '0 0 auto',
    marginLeft: 'auto',
    textAlign: 'right',
  },
  number: {
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  figure: {
    ...theme.typography.body1,
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  violations: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: readableTextColor(theme, theme.palette.error.main),
    fontWeight: theme.typography.fontWeightBold as number,
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
    ...theme.typography.body2,
  },
  noViolations: {
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
    ...theme.typography.body2,
  },
  muted: {
    color: theme.palette.text.secondary,
  },
}));

function Violations(props: { count: number; high: number }) {
  const classes = useStyles();
  if (props.count === 0) {
    return <span className={classes.noViolations}>No violations</span>;
  }
  return (
    <span className={classes.violations}>
      <WarningIcon fontSize="inherit" aria-hidden />
      {violationsText(props.count, props.high)}
    </span>
  );
}

/** The month so far against the budget, or the plain amount without one. */
export function MonthFigure(props: {
  monthUsd: number;
  budgetUsd?: number;
  label: string;
  missing: string;
}) {
  const classes = useStyles();
  if (props.budgetUsd !== undefined && props.budgetUsd > 0) {
    return (
      <BudgetProgress
        spentUsd={props.monthUsd}
        budgetUsd={props.budgetUsd}
        label={props.label}
      />
    );
  }
  return (
    <Typography variant="body2" component="div">
      <span className={classes.number}>{formatUsd(props.monthUsd)}</span>{' '}
      <span className={classes.muted}>· {props.missing}</span>
    </Typography>
  );
}

/** The 30-day cost and violations, right-aligned. */
export function SideFigures(props: {
  costUsd: number;
  violations: number;
  /** Of `violations`, those of high severity. */
  highViolations: number;
}) {
  const classes = useStyles();
  return (
    <div className={classes.side}>
      <div className={classes.figure}>{formatUsd(props.costUsd)}</div>
      <Typography variant="caption" component="div" className={classes.muted}>
        last 30 days
      </Typography>
      <Violations count={props.violations} high={props.highViolations} />
    </div>
  );
}
