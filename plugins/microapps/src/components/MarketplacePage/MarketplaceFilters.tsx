import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import FormLabel from '@material-ui/core/FormLabel';
import { makeStyles } from '@material-ui/core/styles';
import CheckIcon from '@material-ui/icons/Check';
import { useState } from 'react';
import {
  BADGE_IDS,
  badgeTitle,
  type BadgeId,
  DATA_CLASSES,
  LIFECYCLE_STAGES,
  type MarketplaceFacets,
  MICROAPP_TYPES,
  RISK_TIERS,
} from '@trellis/plugin-microapps-common';
import type {
  ListFilter,
  MarketplaceViewState,
} from './marketplaceSearchParams';

/** "org-wide" → "Org-wide", "sandbox" → "Sandbox". */
export const capitalize = (value: string) =>
  value.charAt(0).toLocaleUpperCase('en-US') + value.slice(1);

/** `finance-ops` (as a link from a team page has it) → `group:default/finance-ops`. */
export const ownerRef = (owner: string) =>
  owner.includes(':') ? owner : `group:default/${owner}`;

/** `group:default/finance-ops` → `finance-ops`. */
const shortName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

interface FilterGroup {
  key: ListFilter;
  /** Behind "More filters" until opened or one of its values is chosen. */
  more?: boolean;
  label: string;
  values: readonly string[];
  labelOf(value: string): string;
}

/**
 * The panel's groups: fixed vocabularies, and the owners and models of the
 * apps the caller may read (plus any the URL selects that no app has now).
 */
function filterGroups(
  state: MarketplaceViewState,
  facets: MarketplaceFacets | undefined,
): FilterGroup[] {
  const withSelected = (values: readonly string[], selected: string[]) => [
    ...values,
    ...selected.filter(value => !values.includes(value)),
  ];
  return [
    {
      key: 'tier',
      label: 'Risk tier',
      values: RISK_TIERS,
      labelOf: capitalize,
    },
    {
      key: 'lifecycle',
      label: 'Lifecycle',
      values: LIFECYCLE_STAGES,
      labelOf: capitalize,
    },
    { key: 'type', label: 'Type', values: MICROAPP_TYPES, labelOf: capitalize },
    {
      key: 'dataClass',
      label: 'Data class',
      values: DATA_CLASSES,
      labelOf: capitalize,
    },
    {
      key: 'owner',
      more: true,
      label: 'Owner',
      values: withSelected(facets?.owners ?? [], state.owner.map(ownerRef)),
      labelOf: shortName,
    },
    {
      key: 'model',
      more: true,
      label: 'Model',
      values: withSelected(facets?.models ?? [], state.model),
      labelOf: value => value,
    },
    {
      key: 'badge',
      more: true,
      label: 'Granted badge',
      values: BADGE_IDS,
      labelOf: value => badgeTitle(value as BadgeId),
    },
  ];
}

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    columnGap: theme.spacing(4),
    rowGap: theme.spacing(2),
  },
  actions: {
    display: 'flex',
    alignSelf: 'center',
    gap: theme.spacing(1),
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

export interface MarketplaceFiltersProps {
  state: MarketplaceViewState;
  /** Owners and models to offer, from the last page loaded. */
  facets?: MarketplaceFacets;
  onToggle(key: ListFilter, value: string): void;
  onClear(): void;
  canClear: boolean;
}

/**
 * Toggle chips for every filter of the marketplace. Within a group any
 * selected value matches; across groups all must match. Owner, model and
 * badge wait behind "More filters", so that the list starts on the first
 * screen, unless one of their values is chosen.
 */
export function MarketplaceFilters(props: MarketplaceFiltersProps) {
  const { state, facets, onToggle, onClear, canClear } = props;
  const classes = useStyles();
  const [moreOpen, setMoreOpen] = useState(false);
  const groups = filterGroups(state, facets);
  const moreChosen = groups.some(
    group => group.more && (state[group.key] as string[]).length > 0,
  );
  const showMore = moreOpen || moreChosen;
  return (
    <section className={classes.root} aria-label="Filters">
      {groups.map(group => {
        const selected = (state[group.key] as string[]).map(value =>
          group.key === 'owner' ? ownerRef(value) : value,
        );
        if (group.values.length === 0) return null;
        if (group.more && !showMore) return null;
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
                    label={group.labelOf(value)}
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
      <div className={classes.actions}>
        {!moreChosen && (
          <Button
            size="small"
            color="primary"
            aria-expanded={showMore}
            onClick={() => setMoreOpen(!moreOpen)}
          >
            {showMore ? 'Fewer filters' : 'More filters: owner, model, badge'}
          </Button>
        )}
        <Button
          size="small"
          color="primary"
          onClick={onClear}
          disabled={!canClear}
        >
          Clear all
        </Button>
      </div>
    </section>
  );
}
