import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import EmojiObjectsOutlinedIcon from '@material-ui/icons/EmojiObjectsOutlined';
import {
  badgesForTier,
  type RiskResult,
  badgeTitle,
} from '@trellis/plugin-microapps-common';
import { FACTOR_TITLES } from '../shared/displayNames';
import { WhatIfScores } from './WhatIfScores';
import { readableTextColor } from '../../contrast';

const useStyles = makeStyles(theme => ({
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
    color: readableTextColor(theme, theme.palette.warning.main),
  },
}));

const pointsOf = (result: RiskResult, factor: string) =>
  result.factors.find(f => f.factor === factor)?.points ?? 0;

/** The factors whose points differ between the two results; none if equal. */
function WhatMoved(props: { current: RiskResult; simulated: RiskResult }) {
  const { current, simulated } = props;
  const classes = useStyles();
  const moved = simulated.factors.filter(
    factor => pointsOf(current, factor.factor) !== factor.points,
  );
  const dropped = current.factors.filter(
    f => !simulated.factors.some(s => s.factor === f.factor),
  );
  if (moved.length === 0 && dropped.length === 0) return null;

  return (
    <div className={classes.section}>
      <Typography variant="subtitle2">What moved</Typography>
      <ul className={classes.list}>
        {moved.map(factor => (
          <li key={factor.factor}>
            <Typography variant="body2">
              {FACTOR_TITLES[factor.factor]}: {pointsOf(current, factor.factor)}{' '}
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
  );
}

/** The what-if result's hints on lowering its score; none if it has none. */
function LoweringHints(props: { simulated: RiskResult }) {
  const classes = useStyles();
  const hints = props.simulated.factors.filter(factor => factor.hint);
  if (hints.length === 0) return null;

  return (
    <div className={classes.section}>
      <Typography variant="subtitle2">To lower the what-if score</Typography>
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
  );
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

  return (
    <section aria-label="What-if result" aria-live="polite" aria-busy={pending}>
      <WhatIfScores current={current} simulated={simulated} pending={pending} />
      {simulated && <WhatMoved current={current} simulated={simulated} />}
      {simulated && simulated.tier !== current.tier && (
        <Typography variant="body2" className={classes.section}>
          The tier would change from {current.tier} to {simulated.tier}. On its
          way to production the app would then need{' '}
          {badgesForTier(simulated.tier).map(badgeTitle).join(', ')}.
        </Typography>
      )}
      {simulated && <LoweringHints simulated={simulated} />}
    </section>
  );
}
