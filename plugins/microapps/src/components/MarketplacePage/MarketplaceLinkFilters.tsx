import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { badgeTitle, type BadgeId } from '@trellis/plugin-microapps-common';
import {
  LINK_FILTERS,
  type MarketplaceViewState,
} from './marketplaceSearchParams';

type LinkFilter = (typeof LINK_FILTERS)[number];

const LINK_FILTER_LABELS: Record<LinkFilter, string> = {
  owner: 'Owner',
  model: 'Model',
  badge: 'Granted',
};

const useStyles = makeStyles(theme => ({
  linkFilters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
}));

export interface MarketplaceLinkFiltersProps {
  state: MarketplaceViewState;
  onRemove(key: LinkFilter, value: string): void;
}

/**
 * The filters that links from elsewhere set (owner, model, granted badge),
 * as removable chips; nothing when there are none.
 */
export function MarketplaceLinkFilters(props: MarketplaceLinkFiltersProps) {
  const { state, onRemove } = props;
  const classes = useStyles();
  const linkFilters = LINK_FILTERS.flatMap(key =>
    (state[key] as string[]).map(item => ({ key, item })),
  );
  if (linkFilters.length === 0) {
    return null;
  }
  return (
    <div className={classes.linkFilters}>
      {linkFilters.map(({ key, item }) => (
        <Chip
          key={`${key}:${item}`}
          label={`${LINK_FILTER_LABELS[key]}: ${
            key === 'badge' ? badgeTitle(item as BadgeId) : item
          }`}
          onDelete={() => onRemove(key, item)}
        />
      ))}
    </div>
  );
}
