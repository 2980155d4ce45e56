import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import FormLabel from '@material-ui/core/FormLabel';
import { makeStyles } from '@material-ui/core/styles';
import CheckIcon from '@material-ui/icons/Check';
import {
  DATA_CLASSES,
  LIFECYCLE_STAGES,
  MICROAPP_TYPES,
  RISK_TIERS,
} from '@trellis/plugin-microapps-common';
import {
  CHIP_FILTERS,
  type MarketplaceViewState,
} from './marketplaceSearchParams';

type ChipFilter = (typeof CHIP_FILTERS)[number];

const GROUPS: { key: ChipFilter; label: string; values: readonly string[] }[] =
  [
    { key: 'tier', label: 'Risk tier', values: RISK_TIERS },
    { key: 'lifecycle', label: 'Lifecycle', values: LIFECYCLE_STAGES },
    { key: 'type', label: 'Type', values: MICROAPP_TYPES },
    { key: 'dataClass', label: 'Data class', values: DATA_CLASSES },
  ];

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    columnGap: theme.spacing(4),
    rowGap: theme.spacing(2),
  },
  clear: {
    alignSelf: 'center',
    marginLeft: 'auto',
  },
  legend: {
    marginBottom: theme.spacing(1),
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.75),
  },
}));

/** "org-wide" → "Org-wide", "sandbox" → "Sandbox". */
export const capitalize = (value: string) =>
  value.charAt(0).toLocaleUpperCase('en-US') + value.slice(1);

export interface MarketplaceFiltersProps {
  state: MarketplaceViewState;
  onToggle(key: ChipFilter, value: string): void;
  onClear(): void;
  canClear: boolean;
}

/**
 * Toggle chips for tier, lifecycle, type and data class. Within a group any
 * selected value matches; across groups all must match.
 */
export function MarketplaceFilters(props: MarketplaceFiltersProps) {
  const { state, onToggle, onClear, canClear } = props;
  const classes = useStyles();
  return (
    <section className={classes.root} aria-label="Filters">
      {GROUPS.map(group => {
        const selected = state[group.key] as string[];
        return (
          <FormControl key={group.key} component="fieldset">
            <FormLabel component="legend" className={classes.legend}>
              {group.label}
            </FormLabel>
            <div className={classes.chips}>
              {group.values.map(value => {
                const on = selected.includes(value);
                return (
                  <Chip
                    key={value}
                    size="small"
                    clickable
                    label={capitalize(value)}
                    color={on ? 'primary' : 'default'}
                    variant={on ? 'default' : 'outlined'}
                    icon={on ? <CheckIcon /> : undefined}
                    aria-pressed={on}
                    onClick={() => onToggle(group.key, value)}
                  />
                );
              })}
            </div>
          </FormControl>
        );
      })}
      <Button
        className={classes.clear}
        size="small"
        color="primary"
        onClick={onClear}
        disabled={!canClear}
      >
        Clear all
      </Button>
    </section>
  );
}
