import { Link, Table, type TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink, entityRouteRef } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  MarketplaceItem,
  MarketplaceSort,
} from '@trellis/plugin-microapps-common';
import { useMemo, type ReactNode } from 'react';
import { BadgeStateList } from '../BadgeStateList';
import { formatRelativeDays, formatUsd } from '../format';
import { RiskTierChip } from '../RiskTierChip';
import { capitalize } from './MarketplaceFilters';

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
  title: {
    minWidth: 220,
  },
  meta: {
    color: theme.palette.text.secondary,
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
    whiteSpace: 'nowrap',
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
    color: theme.palette.error.main,
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

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

type Row = MarketplaceItem & { id: string };

export interface MarketplaceTableProps {
  items: MarketplaceItem[];
  totalItems: number;
  /** The order of the list; its figure is set in bold. */
  sort?: MarketplaceSort;
  /** Rendered under the table: the pagination. */
  footer?: ReactNode;
}

/** One row per micro-app; figures are for the last 30 days. */
export function MarketplaceTable(props: MarketplaceTableProps) {
  const { items, totalItems, footer, sort } = props;
  const classes = useStyles();
  const entityRoute = useRouteRef(entityRouteRef);

  const columns = useMemo<TableColumn<Row>[]>(() => {
    // Let the browser size columns by their content instead of splitting the
    // width evenly; short values never wrap.
    const padding = '8px 12px';
    const auto = {
      width: 'auto',
      headerStyle: { padding },
      cellStyle: { padding },
    } as const;
    const noWrap = {
      ...auto,
      cellStyle: { padding, whiteSpace: 'nowrap' as const },
    };
    return [
      {
        ...auto,
        title: 'Micro-app',
        field: 'title',
        highlight: true,
        render: row => (
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
            <Typography
              variant="body2"
              className={classes.meta}
              component="div"
            >
              {capitalize(row.type)} ·{' '}
              <EntityRefLink entityRef={row.owner} defaultKind="group" />
              {sort === 'newest' && row.createdAt && (
                <> · added {formatRelativeDays(row.createdAt)}</>
              )}
            </Typography>
            {row.description && (
              <Typography variant="body2" className={classes.description}>
                {row.description}
              </Typography>
            )}
          </div>
        ),
      },
      {
        ...noWrap,
        title: 'Lifecycle',
        field: 'lifecycle',
        render: row => capitalize(row.lifecycle),
      },
      {
        ...noWrap,
        title: 'Risk',
        field: 'score',
        render: row => <RiskTierChip tier={row.tier} score={row.score} />,
      },
      {
        ...noWrap,
        title: 'Data & models',
        field: 'dataClasses',
        render: row => (
          <>
            <PlainList items={row.dataClasses} label="Data classes" />
            <div className={classes.models}>
              <PlainList items={row.models} label="Models" />
            </div>
          </>
        ),
      },
      {
        ...noWrap,
        title: 'Badges',
        field: 'badges',
        render: row => <BadgeStateList badges={row.badges} />,
      },
      {
        ...noWrap,
        title: 'Last 30 days',
        field: 'cost30dUsd',
        render: row => (
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
              {counted(row.violations30d, 'violation', 'violations')}
            </li>
          </ul>
        ),
      },
    ];
  }, [classes, entityRoute, sort]);

  // material-table writes bookkeeping into the row objects: hand it copies.
  const rows = useMemo<Row[]>(
    () => items.map(item => ({ ...item, id: item.entityRef })),
    [items],
  );

  return (
    <>
      <Table<Row>
        title={`Micro-apps (${totalItems})`}
        columns={columns}
        data={rows}
        options={{
          paging: false,
          search: false,
          sorting: false,
          draggable: false,
          padding: 'dense',
        }}
      />
      {footer}
    </>
  );
}
