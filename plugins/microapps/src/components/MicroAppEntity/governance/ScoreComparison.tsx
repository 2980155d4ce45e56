import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import EmojiObjectsOutlinedIcon from '@material-ui/icons/EmojiObjectsOutlined';
import {
  badgesForTier,
  type RiskResult,
  badgeTitle,
} from '@trellis/plugin-microapps-common';
import { RiskTierChip } from '../../RiskTierChip';
import { FACTOR_TITLES } from '../shared/displayNames';

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
    color: theme.palette.error.main,
    fontWeight: theme.typography.fontWeightBold as number,
  },
  down: {
    color: theme.palette.success.main,
    fontWeight: theme.typography.fontWeightBold as number,
  },
  same: {
    color: theme.palette.text.secondary,
  },
  section: {
    marginTop: theme.spacing(1.5),
  },
  list: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2.5),
  },
  hint: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
    listStyle: 'none',
    marginLeft: theme.spacing(-2.5),
  },
  hintIcon: {
    fontSize: 18,
    flexShrink: 0,
    color: theme.palette.warning.main,
  },
}));

function pointsChange(delta: number): string {
  if (delta === 0) return 'no change';
  return `${delta > 0 ? '+' : '−'}${Math.abs(delta)} points`;
}

/**
 * The current score next to the what-if score, what moved it and how to
 * lower it. Announced to screen readers as it changes.
 */
export function ScoreComparison(props: {
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
  const moved = simulated
    ? simulated.factors.filter(factor => {
        const before = current.factors.find(f => f.factor === factor.factor);
        return (before?.points ?? 0) !== factor.points;
      })
    : [];
  const dropped = simulated
    ? current.factors.filter(
        f => !simulated.factors.some(s => s.factor === f.factor),
      )
    : [];
  const hints = simulated?.factors.filter(factor => factor.hint) ?? [];
  const tierChanged = simulated && simulated.tier !== current.tier;

  return (
    <section aria-label="What-if result" aria-live="polite" aria-busy={pending}>
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

      {simulated && (moved.length > 0 || dropped.length > 0) && (
        <div className={classes.section}>
          <Typography variant="subtitle2">What moved</Typography>
          <ul className={classes.list}>
            {moved.map(factor => (
              <li key={factor.factor}>
                <Typography variant="body2">
                  {FACTOR_TITLES[factor.factor]}:{' '}
                  {current.factors.find(f => f.factor === factor.factor)
                    ?.points ?? 0}{' '}
                  → {factor.points} points
                </Typography>
              </li>
            ))}
            {dropped.map(factor => (
              <li key={factor.factor}>
                <Typography variant="body2">
                  {FACTOR_TITLES[factor.factor]}: {factor.points} → 0 points
                </Typography>
              </li>
            ))}
          </ul>
        </div>
      )}

      {tierChanged && simulated && (
        <Typography variant="body2" className={classes.section}>
          The tier would change from {current.tier} to {simulated.tier}. On its
          way to production the app would then need{' '}
          {badgesForTier(simulated.tier).map(badgeTitle).join(', ')}.
        </Typography>
      )}

      {hints.length > 0 && (
        <div className={classes.section}>
          <Typography variant="subtitle2">
            To lower the what-if score
          </Typography>
          <ul className={classes.list}>
            {hints.map(factor => (
              <li key={factor.factor} className={classes.hint}>
                <EmojiObjectsOutlinedIcon
                  className={classes.hintIcon}
                  aria-hidden
                />
                <Typography variant="body2" component="span">
                  {factor.hint}
                </Typography>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
