import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { makeStyles } from '@material-ui/core/styles';
import {
  BADGE_IDS,
  badgeTitle,
  type BadgeId,
  type RiskTier,
} from '@trellis/plugin-microapps-common';
import type { InboxFilters } from './inboxTriage';
import { useAppBackgroundLabelStyles } from '../contrast';

const TIERS: RiskTier[] = ['high', 'medium', 'low'];
const TIER_LABELS: Record<RiskTier, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  select: { minWidth: 200 },
}));

/** Narrows the inbox by badge and risk tier, or to overdue reviews. */
export function StewardInboxFilters(props: {
  filters: InboxFilters;
  onChange(filters: InboxFilters): void;
}) {
  const { filters, onChange } = props;
  const classes = useStyles();
  const labels = useAppBackgroundLabelStyles();
  return (
    <div className={classes.bar} role="group" aria-label="Filter reviews">
      <FormControl variant="outlined" size="small" className={classes.select}>
        <InputLabel id="inbox-badge-label" className={labels.label}>
          Badge
        </InputLabel>
        <Select
          labelId="inbox-badge-label"
          label="Badge"
          value={filters.badge ?? ''}
          onChange={event =>
            onChange({
              ...filters,
              badge: (event.target.value as BadgeId) || undefined,
            })
          }
        >
          <MenuItem value="">Every badge</MenuItem>
          {BADGE_IDS.map(badge => (
            <MenuItem key={badge} value={badge}>
              {badgeTitle(badge)}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <FormControl variant="outlined" size="small" className={classes.select}>
        <InputLabel id="inbox-tier-label" className={labels.label}>
          Risk tier
        </InputLabel>
        <Select
          labelId="inbox-tier-label"
          label="Risk tier"
          value={filters.tier ?? ''}
          onChange={event =>
            onChange({
              ...filters,
              tier: (event.target.value as RiskTier) || undefined,
            })
          }
        >
          <MenuItem value="">Every tier</MenuItem>
          {TIERS.map(tier => (
            <MenuItem key={tier} value={tier}>
              {TIER_LABELS[tier]}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <FormControlLabel
        control={
          <Checkbox
            color="primary"
            checked={filters.overdueOnly}
            onChange={event =>
              onChange({ ...filters, overdueOnly: event.target.checked })
            }
          />
        }
        label="Overdue only"
      />
    </div>
  );
}
