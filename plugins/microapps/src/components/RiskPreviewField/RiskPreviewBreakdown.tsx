import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  requiredBadges,
  type RiskFactor,
  type RiskFactorName,
  type RiskResult,
  badgeTitle,
} from '@trellis/plugin-microapps-common';

/** Names for people of the risk factors. @public */
export const RISK_FACTOR_LABELS: Record<RiskFactorName, string> = {
  dataSensitivity: 'Data sensitivity',
  userReach: 'User reach',
  integrationExposure: 'Integration exposure',
  modelRisk: 'Model risk',
  dependencyRisk: 'Dependency risk',
  prohibitedModel: 'Prohibited model',
  override: 'Raw personal data rule',
};

const useStyles = makeStyles(theme => ({
  factors: {
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  // One grid per factor with fixed outer columns, so the bars line up.
  factor: {
    display: 'grid',
    gridTemplateColumns: '170px minmax(60px, 1fr) 64px',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.25),
    alignItems: 'center',
    marginBottom: theme.spacing(1),
  },
  label: {
    ...theme.typography.body2,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  points: {
    ...theme.typography.body2,
    fontVariantNumeric: 'tabular-nums',
    textAlign: 'right',
    whiteSpace: 'nowrap',
  },
  bar: {
    height: 6,
    borderRadius: 3,
  },
  overrideBar: {
    backgroundColor: theme.palette.error.main,
  },
  reason: {
    gridColumn: '1 / -1',
    color: theme.palette.text.secondary,
  },
  hints: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2.5),
    '& li': {
      ...theme.typography.body2,
      marginBottom: theme.spacing(0.5),
    },
  },
  heading: {
    marginTop: theme.spacing(1.5),
    marginBottom: theme.spacing(0.5),
  },
}));

/** The points a hint says it saves ("…: −10" → 10); the override first. */
function hintSaving(factor: RiskFactor): number {
  if (factor.factor === 'override' || factor.notAllowed) {
    return Number.POSITIVE_INFINITY;
  }
  const match = factor.hint?.match(/[−-](\d+)\s*$/);
  return match ? Number(match[1]) : 0;
}

/** Hints to lower the score, the biggest saving first. */
export function riskHints(result: RiskResult): string[] {
  return result.factors
    .filter(factor => factor.hint)
    .sort((a, b) => hintSaving(b) - hintSaving(a))
    .map(factor => factor.hint!);
}

/** "Security review and Production readiness" */
function badgeList(badges: ReturnType<typeof requiredBadges>): string {
  const titles = badges.map(badgeTitle);
  if (titles.length === 0) return 'no badge';
  if (titles.length === 1) return titles[0];
  return `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}`;
}

/** What the tier means for promotion: the badges each gated stage needs. */
export function tierConsequence(result: RiskResult): string {
  const canary = requiredBadges(result.tier, 'canary');
  const production = requiredBadges(result.tier, 'production');
  return `Before canary it needs ${badgeList(
    canary,
  )}; before production, ${badgeList(production)}.`;
}

/** Props of {@link RiskPreviewBreakdown}. @public */
export interface RiskPreviewBreakdownProps {
  result: RiskResult;
  /** Heading level of the two sub-headings; 'h4' by default. */
  headingComponent?: 'h3' | 'h4' | 'h5' | 'h6';
}

/**
 * The explanation of a risk score: each factor's points against its
 * maximum with the reason, then the hints that lower the score, biggest
 * saving first.
 *
 * @public
 */
export function RiskPreviewBreakdown(props: RiskPreviewBreakdownProps) {
  const { result, headingComponent = 'h4' } = props;
  const classes = useStyles();
  const hints = riskHints(result);
  return (
    <>
      <Typography
        variant="subtitle2"
        component={headingComponent}
        className={classes.heading}
      >
        Factor breakdown
      </Typography>
      <ul className={classes.factors} aria-label="Risk factors">
        {result.factors.map(factor => {
          const label = RISK_FACTOR_LABELS[factor.factor] ?? factor.factor;
          const added = factor.factor === 'override' || factor.notAllowed;
          const share =
            factor.maxPoints > 0
              ? Math.min(100, (factor.points / factor.maxPoints) * 100)
              : 0;
          return (
            <li
              key={factor.factor}
              className={classes.factor}
              aria-label={`${label}: ${factor.points} of ${factor.maxPoints} points. ${factor.reason}`}
            >
              <span className={classes.label}>{label}</span>
              <LinearProgress
                variant="determinate"
                value={share}
                className={classes.bar}
                classes={added ? { bar: classes.overrideBar } : undefined}
                aria-hidden
              />
              <span className={classes.points}>
                {added ? '+' : ''}
                {factor.points} / {factor.maxPoints}
              </span>
              <Typography variant="caption" className={classes.reason}>
                {factor.reason}
              </Typography>
            </li>
          );
        })}
      </ul>
      <Typography
        variant="subtitle2"
        component={headingComponent}
        className={classes.heading}
      >
        How to lower it
      </Typography>
      {hints.length > 0 ? (
        <ul className={classes.hints} aria-label="How to lower the risk score">
          {hints.map(hint => (
            <li key={hint}>{hint}</li>
          ))}
        </ul>
      ) : (
        <Typography variant="body2">
          Every factor is already at its lowest.
        </Typography>
      )}
    </>
  );
}
