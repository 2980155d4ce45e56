import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import BlockIcon from '@material-ui/icons/Block';
import EmojiObjectsOutlinedIcon from '@material-ui/icons/EmojiObjectsOutlined';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { RiskFactor, RiskResult } from '@trellis/plugin-microapps-common';
import { RiskTierChip } from '../../RiskTierChip';
import { FACTOR_TITLES } from '../shared/displayNames';
import { readableTextColor } from '../../contrast';

/** Green below a third of the factor's maximum, amber below two thirds, red above. */
const barColor = (theme: Theme, share: number) => {
  if (share <= 1 / 3) return theme.palette.success.main;
  if (share <= 2 / 3) return theme.palette.warning.main;
  return theme.palette.error.main;
};

const useStyles = makeStyles(theme => ({
  total: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: theme.spacing(2),
  },
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'space-between',
    columnGap: theme.spacing(2),
  },
  name: {
    fontWeight: theme.typography.fontWeightBold as number,
  },
  notAllowed: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: readableTextColor(theme, theme.palette.error.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
  notAllowedAlert: {
    marginBottom: theme.spacing(2),
  },
  points: {
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  bar: {
    height: 8,
    borderRadius: 4,
    margin: theme.spacing(0.5, 0),
    backgroundColor: theme.palette.action.hover,
  },
  low: { backgroundColor: barColor(theme, 0) },
  mid: { backgroundColor: barColor(theme, 0.5) },
  high: { backgroundColor: barColor(theme, 1) },
  hint: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
    color: theme.palette.text.secondary,
    marginTop: theme.spacing(0.5),
  },
  hintIcon: {
    fontSize: 18,
    flexShrink: 0,
    color: readableTextColor(theme, theme.palette.warning.main),
  },
}));

function shareOf(factor: RiskFactor): number {
  return factor.maxPoints > 0 ? factor.points / factor.maxPoints : 0;
}

function FactorLine(props: { factor: RiskFactor }) {
  const { factor } = props;
  const classes = useStyles();
  const share = shareOf(factor);
  const title = FACTOR_TITLES[factor.factor] ?? factor.factor;
  let band = classes.high;
  if (share <= 1 / 3) band = classes.low;
  else if (share <= 2 / 3) band = classes.mid;
  if (factor.notAllowed) band = classes.high;
  const points =
    factor.factor === 'override' || factor.notAllowed
      ? `+${factor.points} points`
      : `${factor.points} of ${factor.maxPoints} points`;
  return (
    <li aria-label={title}>
      <div className={classes.head}>
        <Typography variant="body2" component="span" className={classes.name}>
          {title}
          {factor.notAllowed && (
            <span className={classes.notAllowed}>
              {' '}
              <BlockIcon fontSize="inherit" aria-hidden /> Not allowed
            </span>
          )}
        </Typography>
        <Typography variant="body2" component="span" className={classes.points}>
          {points}
        </Typography>
      </div>
      <LinearProgress
        variant="determinate"
        value={Math.min(100, share * 100)}
        className={classes.bar}
        classes={{ bar: band }}
        aria-label={`${title}: ${points}`}
      />
      <Typography variant="body2">{factor.reason}</Typography>
      {factor.hint && (
        <Typography variant="body2" component="div" className={classes.hint}>
          <EmojiObjectsOutlinedIcon className={classes.hintIcon} aria-hidden />
          <span>{factor.hint}</span>
        </Typography>
      )}
    </li>
  );
}

/**
 * The risk score explained: each factor's points out of its maximum, the
 * reason in words and the change that would lower it. What the portal does
 * not allow at all (a prohibited model) is said first, as an error.
 */
export function RiskBreakdown(props: { risk: RiskResult }) {
  const { risk } = props;
  const classes = useStyles();
  const notAllowed = risk.factors.filter(factor => factor.notAllowed);
  return (
    <>
      {notAllowed.length > 0 && (
        <Alert severity="error" className={classes.notAllowedAlert}>
          <AlertTitle>Not allowed in this portal</AlertTitle>
          {notAllowed.map(factor => factor.reason).join(' ')}
        </Alert>
      )}
      <div className={classes.total}>
        <RiskTierChip tier={risk.tier} score={risk.score} size="medium" />
        <Typography variant="body2" color="textSecondary">
          Score {risk.score} of 100, the sum of the factors below
        </Typography>
      </div>
      <ul className={classes.list} aria-label="Risk factors">
        {risk.factors.map(factor => (
          <FactorLine key={factor.factor} factor={factor} />
        ))}
      </ul>
    </>
  );
}
