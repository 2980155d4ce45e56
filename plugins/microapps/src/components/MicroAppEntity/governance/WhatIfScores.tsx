import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import type { RiskResult } from '@trellis/plugin-microapps-common';
import { RiskTierChip } from '../../RiskTierChip';
import { readableTextColor } from '../../contrast';

const useStyles = makeStyles(theme => ({
  scores: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 2),
  },
  score: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  label: {
    color: theme.palette.text.secondary,
  },
  up: {
    color: readableTextColor(theme, theme.palette.error.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
  down: {
    color: readableTextColor(theme, theme.palette.success.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
  same: {
    color: theme.palette.text.secondary,
  },
}));

function pointsChange(delta: number): string {
  if (delta === 0) return 'no change';
  return `${delta > 0 ? '+' : '−'}${Math.abs(delta)} points`;
}

/** Now → what-if: both tiers and scores, and how many points apart they are. */
export function WhatIfScores(props: {
  current: RiskResult;
  simulated: RiskResult | undefined;
  pending: boolean;
}) {
  const { current, simulated, pending } = props;
  const classes = useStyles();
  const delta = simulated ? simulated.score - current.score : 0;
  let deltaClass = classes.same;
  if (delta > 0) deltaClass = classes.up;
  else if (delta < 0) deltaClass = classes.down;

  return (
    <div className={classes.scores}>
      <span className={classes.score}>
        <span className={classes.label}>Now</span>
        <RiskTierChip tier={current.tier} score={current.score} />
      </span>
      <ArrowForwardIcon className={classes.label} aria-hidden />
      <span className={classes.score}>
        <span className={classes.label}>What-if</span>
        {simulated ? (
          <RiskTierChip tier={simulated.tier} score={simulated.score} />
        ) : (
          <span className={classes.label}>…</span>
        )}
      </span>
      {simulated && <span className={deltaClass}>{pointsChange(delta)}</span>}
      {pending && (
        <Typography variant="caption" className={classes.label}>
          Scoring…
        </Typography>
      )}
    </div>
  );
}
