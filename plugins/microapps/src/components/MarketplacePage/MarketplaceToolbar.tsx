import FormControl from '@material-ui/core/FormControl';
import InputAdornment from '@material-ui/core/InputAdornment';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import type { MarketplaceSort } from '@trellis/plugin-microapps-common';

const SORT_OPTIONS: { value: MarketplaceSort; label: string }[] = [
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

/** The search box and the sort order above the marketplace. */
export function MarketplaceToolbar(props: MarketplaceToolbarProps) {
  const { searchText, onSearchTextChange, sort, onSortChange } = props;
  const classes = useStyles();
  return (
    <div className={classes.toolbar}>
      <TextField
        id="microapps-search"
        className={classes.search}
        label="Search micro-apps"
        placeholder="Name, description or tag"
        type="search"
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
        <InputLabel id="microapps-sort-label">Sort by</InputLabel>
        <Select
          labelId="microapps-sort-label"
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
