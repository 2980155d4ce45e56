import { badgeTitle } from '@trellis/plugin-microapps-common';
import {
  Link,
  LinkButton,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  EntityRefLink,
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import type { BadgeState, ReviewItem } from '@trellis/plugin-microapps-common';
import { useCallback, useMemo } from 'react';
import { RiskTierChip } from '../RiskTierChip';
import { specChangeText, specFieldLabel } from './specChangeText';

/** Reviews waiting this many days or more are highlighted. */
export const OLD_REVIEW_DAYS = 14;

/** The path of the Governance tab on a MicroApp's entity page. */
export const GOVERNANCE_TAB_PATH = 'governance';

const STATE_LABELS: Record<BadgeState, string> = {
  pending: 'Pending',
  stale: 'Stale',
  expired: 'Expired',
  revoked: 'Revoked',
  granted: 'Granted',
};

const STATE_EXPLANATIONS: Record<BadgeState, string> = {
  pending: 'Not reviewed yet',
  stale: 'The manifest changed since the last review',
  expired: 'The last approval expired',
  revoked: 'The badge was revoked',
  granted: 'Granted',
};

const stateColor = (theme: Theme, state: BadgeState) => {
  switch (state) {
    case 'stale':
    case 'expired':
      return theme.palette.warning.main;
    case 'revoked':
      return theme.palette.error.main;
    case 'granted':
      return theme.palette.success.main;
    default:
      return theme.palette.text.secondary;
  }
};

const stateStyle = (theme: Theme, state: BadgeState) => ({
  borderColor: stateColor(theme, state),
  '&::before': { backgroundColor: stateColor(theme, state) },
});

const useStyles = makeStyles(theme => ({
  app: {
    minWidth: 200,
  },
  meta: {
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  stage: {
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  waiting: {
    whiteSpace: 'nowrap',
    fontVariantNumeric: 'tabular-nums',
  },
  old: {
    display: 'inline-block',
    padding: theme.spacing(0.25, 1),
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.getContrastText(theme.palette.warning.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
  state: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
    whiteSpace: 'nowrap',
    fontWeight: theme.typography.fontWeightMedium as number,
    '&::before': {
      content: '""',
      display: 'inline-block',
      width: 8,
      height: 8,
      borderRadius: '50%',
    },
  },
  pending: stateStyle(theme, 'pending'),
  stale: stateStyle(theme, 'stale'),
  expired: stateStyle(theme, 'expired'),
  revoked: stateStyle(theme, 'revoked'),
  granted: stateStyle(theme, 'granted'),
  changes: {
    ...theme.typography.caption,
    margin: theme.spacing(0.5, 0, 0),
    padding: 0,
    listStyle: 'none',
    maxWidth: 340,
    overflowWrap: 'break-word',
  },
  field: {
    fontWeight: theme.typography.fontWeightBold as number,
    marginRight: theme.spacing(0.5),
  },
  action: {
    whiteSpace: 'nowrap',
  },
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

/** "waiting 12 days", "waiting 1 day", "waiting since today" */
export function waitingText(ageDays: number): string {
  if (ageDays <= 0) return 'waiting since today';
  return ageDays === 1 ? 'waiting 1 day' : `waiting ${ageDays} days`;
}

/** Link builder: an entity ref to its Governance tab. */
export function useGovernanceLink(): (entityRef: string) => string {
  const entityRoute = useRouteRef(entityRouteRef);
  return useCallback(
    (entityRef: string) =>
      `${entityRoute(
        entityRouteParams(entityRef, { encodeParams: true }),
      )}/${GOVERNANCE_TAB_PATH}`,
    [entityRoute],
  );
}

type Row = ReviewItem & { id: string };

/** Props of {@link StewardInboxTable}. */
export interface StewardInboxTableProps {
  /** In the order to show them. */
  items: ReviewItem[];
  subtitle?: string;
}

/** One row per badge to review. */
export function StewardInboxTable(props: StewardInboxTableProps) {
  const { items, subtitle } = props;
  const classes = useStyles();
  const governanceLink = useGovernanceLink();

  const columns = useMemo<TableColumn<Row>[]>(() => {
    const padding = '8px 12px';
    const auto = {
      width: 'auto',
      headerStyle: { padding },
      cellStyle: { padding, verticalAlign: 'top' as const },
    } as const;
    const noWrap = {
      ...auto,
      cellStyle: { ...auto.cellStyle, whiteSpace: 'nowrap' as const },
    };
    return [
      {
        ...auto,
        title: 'Micro-app',
        field: 'title',
        highlight: true,
        render: row => (
          <div className={classes.app}>
            <Link to={governanceLink(row.entityRef)}>{row.title}</Link>
            <Typography
              variant="body2"
              component="div"
              className={classes.meta}
            >
              <EntityRefLink entityRef={row.owner} defaultKind="group" /> ·{' '}
              {row.lifecycle}
            </Typography>
          </div>
        ),
      },
      {
        ...noWrap,
        title: 'Risk',
        field: 'score',
        render: row => <RiskTierChip tier={row.tier} score={row.score} />,
      },
      {
        ...noWrap,
        title: 'Badge needed',
        field: 'badge',
        render: row => (
          <>
            <Typography variant="body2">{badgeTitle(row.badge)}</Typography>
            <Typography variant="caption" className={classes.stage}>
              before {row.neededFor}
            </Typography>
          </>
        ),
      },
      {
        ...noWrap,
        title: 'Waiting',
        field: 'ageDays',
        render: row => {
          const old = row.ageDays >= OLD_REVIEW_DAYS;
          return (
            <span
              className={`${classes.waiting} ${old ? classes.old : ''}`}
              title={`Due since ${new Date(row.since).toLocaleDateString(
                'en-US',
                { year: 'numeric', month: 'short', day: 'numeric' },
              )}${old ? ` — waiting ${OLD_REVIEW_DAYS} days or more` : ''}`}
            >
              {waitingText(row.ageDays)}
            </span>
          );
        },
      },
      {
        ...auto,
        title: 'State',
        field: 'state',
        render: row => (
          <>
            <span
              className={`${classes.state} ${classes[row.state]}`}
              title={STATE_EXPLANATIONS[row.state]}
            >
              {STATE_LABELS[row.state]}
            </span>
            {row.state === 'stale' && row.changes && row.changes.length > 0 && (
              <ul className={classes.changes} aria-label="What changed">
                {row.changes.map(change => (
                  <li key={change.field} title={change.field}>
                    <span className={classes.field}>
                      {specFieldLabel(change.field)}:
                    </span>{' '}
                    <span>{specChangeText(change)}</span>
                  </li>
                ))}
              </ul>
            )}
          </>
        ),
      },
      {
        ...noWrap,
        title: <span className={classes.visuallyHidden}>Action</span>,
        field: 'entityRef',
        render: row => (
          <LinkButton
            className={classes.action}
            to={governanceLink(row.entityRef)}
            // It navigates: a link that looks like a button.
            role="link"
            variant="outlined"
            color="primary"
            size="small"
            aria-label={`Review ${badgeTitle(row.badge)} of ${row.title}`}
          >
            Review
          </LinkButton>
        ),
      },
    ];
  }, [classes, governanceLink]);

  // material-table writes bookkeeping into the row objects: hand it copies.
  const rows = useMemo<Row[]>(
    () =>
      items.map(item => ({ ...item, id: `${item.entityRef}#${item.badge}` })),
    [items],
  );

  return (
    <Table<Row>
      title={`Waiting for you (${items.length})`}
      subtitle={subtitle || undefined}
      columns={columns}
      data={rows}
      options={{
        paging: rows.length > 20,
        pageSize: 20,
        pageSizeOptions: [20, 50, 100],
        search: false,
        sorting: false,
        draggable: false,
        padding: 'dense',
      }}
    />
  );
}
