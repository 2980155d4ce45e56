import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatUsd } from '../format';
import { readableTextColor } from '../contrast';

const useStyles = makeStyles(theme => ({
  root: {
    minWidth: 120,
  },
  bar: {
    height: 8,
    borderRadius: 4,
    margin: theme.spacing(0.5, 0),
    backgroundColor: theme.palette.action.selected,
  },
  fill: {
    borderRadius: 4,
    backgroundColor: theme.palette.primary.main,
  },
  near: {
    backgroundColor: theme.palette.warning.main,
  },
  over: {
    backgroundColor: theme.palette.error.main,
  },
  text: {
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  overText: {
    color: readableTextColor(theme, theme.palette.error.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
  muted: {
    color: theme.palette.text.secondary,
  },
}));

export interface BudgetProgressProps {
  /** What has been spent against the budget (the month so far). */
  spentUsd: number;
  budgetUsd?: number;
  /** What the bar measures, for screen readers: "Ticket Summarizer, month to date". */
  label: string;
  /** Say "No budget set" when there is none (otherwise render nothing). */
  showMissing?: boolean;
  /**
   * Whether this is over budget, as the backend decided (a group is when it
   * holds an app over its own budget); by default when spent exceeds budget.
   */
  over?: boolean;
}

/** The share of the budget a figure is, as `spent / budget`. */
export const budgetShare = (spentUsd: number, budgetUsd?: number) =>
  budgetUsd && budgetUsd > 0 ? spentUsd / budgetUsd : undefined;

/**
 * Spending against a budget: a bar (amber from 90 %, red past 100 %) and
 * `$412.00 of $500.00 (82%)`, or `Over budget by $20.00` in red.
 */
export function BudgetProgress(props: BudgetProgressProps) {
  const { spentUsd, budgetUsd, label, showMissing = true } = props;
  const classes = useStyles();
  const share = budgetShare(spentUsd, budgetUsd);
  if (share === undefined || budgetUsd === undefined) {
    return showMissing ? (
      <Typography variant="body2" className={classes.muted}>
        No budget set
      </Typography>
    ) : null;
  }
  const over = props.over ?? spentUsd > budgetUsd;
  const percent = Math.round(share * 100);
  let fill = classes.fill;
  if (over) fill = `${classes.fill} ${classes.over}`;
  else if (share >= 0.9) fill = `${classes.fill} ${classes.near}`;
  return (
    <div className={classes.root} data-over-budget={over || undefined}>
      <LinearProgress
        variant="determinate"
        value={Math.min(100, share * 100)}
        aria-label={`${label}: ${percent}% of budget`}
        classes={{ root: classes.bar, bar: fill }}
      />
      <Typography variant="body2" className={classes.text}>
        {formatUsd(spentUsd)} of {formatUsd(budgetUsd)} ({percent}%)
      </Typography>
      {over && spentUsd > budgetUsd && (
        <Typography
          variant="body2"
          className={`${classes.text} ${classes.overText}`}
        >
          Over budget by {formatUsd(spentUsd - budgetUsd)}
        </Typography>
      )}
    </div>
  );
}
