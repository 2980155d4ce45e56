import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink, entityRouteRef } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  MarketplaceItem,
  MarketplaceSort,
} from '@trellis/plugin-microapps-common';
import { formatRelativeDays, formatUsd, violationsText } from '../format';
import { capitalize } from './MarketplaceFilters';
import { readableTextColor } from '../contrast';

/** Exact counts: `12,000 requests` reads better in a row than `12K`. */
const count = new Intl.NumberFormat('en-US');

/** `1 user`, `42 users` */
const counted = (value: number, one: string, many: string) =>
  `${count.format(value)} ${value === 1 ? one : many}`;

const useStyles = makeStyles(theme => ({
  description: {
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    color: theme.palette.text.secondary,
    maxWidth: 360,
  },
  list: {
    ...theme.typography.body2,
    margin: 0,
    padding: 0,
    listStyle: 'none',
    whiteSpace: 'nowrap',
  },
  // Narrow enough that every column fits at 1280 px: the type, lifecycle,
  // owner and address wrap between their parts, never inside a name.
  title: {
    minWidth: 200,
  },
  meta: {
    color: theme.palette.text.secondary,
  },
  metaPart: {
    whiteSpace: 'nowrap',
  },
  models: {
    marginTop: theme.spacing(0.5),
    color: theme.palette.text.secondary,
  },
  figures: {
    ...theme.typography.body2,
    margin: 0,
    padding: 0,
    listStyle: 'none',
    // A figure wraps between its words when the row is narrow.
    minWidth: 120,
    fontVariantNumeric: 'tabular-nums',
  },
  secondary: {
    color: theme.palette.text.secondary,
  },
  // The figure the list is sorted by.
  sorted: {
    fontWeight: theme.typography.fontWeightBold as number,
  },
  violations: {
    color: readableTextColor(theme, theme.palette.error.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

/** Props of the cells that show one micro-app in the list's order. */
export interface MarketplaceCellProps {
  row: MarketplaceItem;
  sort?: MarketplaceSort;
}

function PlainList(props: { items: string[]; label: string }) {
  const classes = useStyles();
  if (props.items.length === 0) {
    return <Typography variant="body2">none</Typography>;
  }
  return (
    <ul className={classes.list} aria-label={props.label}>
      {props.items.map(item => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

/** Statuses under which nobody should open the app (kill switch, retired, prohibited model). */
const NOT_TO_OPEN = new Set(['disabled', 'decommissioned', 'not-allowed']);

/** The app's own address, when it has one and may be used now. */
function OpenAppLink(props: { row: MarketplaceItem }) {
  const { row } = props;
  const classes = useStyles();
  if (!row.url || !/^https?:\/\//i.test(row.url)) return null;
  if (NOT_TO_OPEN.has(row.status.id)) return null;
  return (
    <span className={classes.metaPart}>
      {' · '}
      <Link to={row.url} externalLinkIcon aria-label={`Open app: ${row.title}`}>
        Open app
      </Link>
    </span>
  );
}

/** Title linking to the entity page, type, lifecycle, owner, the app's address and description. */
export function MicroAppCell(props: MarketplaceCellProps) {
  const { row, sort } = props;
  const classes = useStyles();
  const entityRoute = useRouteRef(entityRouteRef);
  return (
    <div className={classes.title}>
      <Link
        to={entityRoute({
          kind: 'microapp',
          namespace: row.namespace,
          name: row.name,
        })}
      >
        {row.title}
      </Link>
      <Typography variant="body2" className={classes.meta} component="div">
        <span className={classes.metaPart}>{capitalize(row.type)} ·</span>{' '}
        <span className={classes.metaPart}>{capitalize(row.lifecycle)} ·</span>{' '}
        <span className={classes.metaPart}>
          <EntityRefLink entityRef={row.owner} defaultKind="group" />
        </span>
        {sort === 'newest' && row.createdAt && (
          <span className={classes.metaPart}>
            {' '}
            · added {formatRelativeDays(row.createdAt)}
          </span>
        )}
        <OpenAppLink row={row} />
      </Typography>
      {row.description && (
        <Typography variant="body2" className={classes.description}>
          {row.description}
        </Typography>
      )}
    </div>
  );
}

/** The data classes the micro-app handles and the models it calls. */
export function DataAndModelsCell(props: MarketplaceCellProps) {
  const { row } = props;
  const classes = useStyles();
  return (
    <>
      <PlainList items={row.dataClasses} label="Data classes" />
      <div className={classes.models}>
        <PlainList items={row.models} label="Models" />
      </div>
    </>
  );
}

/** Cost, requests, users and violations of the last 30 days. */
export function LastThirtyDaysCell(props: MarketplaceCellProps) {
  const { row, sort } = props;
  const classes = useStyles();
  return (
    <ul className={classes.figures} aria-label="Last 30 days">
      <li
        className={sort === 'cost' ? classes.sorted : undefined}
        title="Model cost of the last 30 days"
      >
        {formatUsd(row.cost30dUsd)}
      </li>
      <li
        className={classes.secondary}
        title="Cost of the last 30 days divided by their requests"
      >
        {row.requests30d > 0
          ? `${formatUsd(row.costPerRequestUsd)} / request`
          : '— / request'}
      </li>
      <li>{counted(row.requests30d, 'request', 'requests')}</li>
      <li className={sort === 'adoption' ? classes.sorted : undefined}>
        {counted(row.users30d, 'user', 'users')}
      </li>
      <li
        className={
          row.violations30d > 0 ? classes.violations : classes.secondary
        }
      >
        {violationsText(row.violations30d, row.highViolations30d)}
      </li>
    </ul>
  );
}
