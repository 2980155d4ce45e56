import FormControl from '@material-ui/core/FormControl';
import InputAdornment from '@material-ui/core/InputAdornment';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import type { MarketplaceSort } from '@trellis/plugin-microapps-common';
import { useAppBackgroundLabelStyles } from '../contrast';

const SORT_OPTIONS: { value: MarketplaceSort; label: string }[] = [
  { value: 'relevance', label: 'Relevance' },
  { value: 'name', label: 'Name (A–Z)' },
  { value: 'risk', label: 'Risk score (highest first)' },
  { value: 'cost', label: '30-day cost (highest first)' },
  { value: 'adoption', label: 'Adoption (most users first)' },
  { value: 'newest', label: 'Newest first' },
];

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  search: {
    flex: '1 1 320px',
  },
  sort: {
    minWidth: 240,
  },
}));

export interface MarketplaceToolbarProps {
  searchText: string;
  onSearchTextChange(text: string): void;
  sort: MarketplaceSort;
  onSortChange(sort: MarketplaceSort): void;
}

/**
 * The search box and the sort order above the marketplace; results come in
 * order of relevance while there are search words, unless another sort is
 * chosen.
 */
export function MarketplaceToolbar(props: MarketplaceToolbarProps) {
  const { searchText, onSearchTextChange, sort, onSortChange } = props;
  const classes = useStyles();
  const labels = useAppBackgroundLabelStyles();
  return (
    <div className={classes.toolbar}>
      <TextField
        id="microapps-search"
        className={classes.search}
        label="Search micro-apps"
        placeholder="What should it do? Name, owner, model, tag…"
        type="search"
        InputLabelProps={{ className: labels.label }}
        value={searchText}
        onChange={event => onSearchTextChange(event.target.value)}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon />
            </InputAdornment>
          ),
        }}
      />
      <FormControl className={classes.sort}>
        <InputLabel id="microapps-sort-label" className={labels.label}>
          Sort by
        </InputLabel>
        <Select
          labelId="microapps-sort-label"
          // Names the button "Sort by <order>", so its name holds the text it shows.
          SelectDisplayProps={{ id: 'microapps-sort' }}
          value={sort}
          onChange={event =>
            onSortChange(event.target.value as MarketplaceSort)
          }
        >
          {SORT_OPTIONS.map(option => (
            <MenuItem key={option.value} value={option.value}>
              {option.label}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
    </div>
  );
}
