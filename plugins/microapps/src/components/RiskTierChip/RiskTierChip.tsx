import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import type { RiskTier } from '@trellis/plugin-microapps-common';
import { readableFill } from '../contrast';

const tierColor = (theme: Theme, tier: RiskTier): string => {
  switch (tier) {
    case 'low':
      return theme.palette.success.main;
    case 'medium':
      return theme.palette.warning.main;
    default:
      return theme.palette.error.main;
  }
};

const tierStyle = (theme: Theme, tier: RiskTier) => ({
  ...readableFill(theme, tierColor(theme, tier)),
  fontWeight: theme.typography.fontWeightBold as number,
});

const useStyles = makeStyles(theme => ({
  low: tierStyle(theme, 'low'),
  medium: tierStyle(theme, 'medium'),
  high: tierStyle(theme, 'high'),
}));

const TIER_LABELS: Record<RiskTier, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

/** Props of {@link RiskTierChip}. @public */
export interface RiskTierChipProps {
  tier: RiskTier;
  /** The risk score, 0–100. */
  score: number;
  size?: 'small' | 'medium';
}

/**
 * The risk tier as a coloured chip with the score: green for low, amber for
 * medium, red for high (colours from the theme palette).
 *
 * @public
 */
export function RiskTierChip(props: RiskTierChipProps) {
  const { tier, score, size = 'small' } = props;
  const classes = useStyles();
  return (
    <Tooltip title={`Risk score ${score} of 100: ${tier} tier`}>
      <Chip
        size={size}
        className={classes[tier]}
        label={`${TIER_LABELS[tier]} · ${score}`}
      />
    </Tooltip>
  );
}
