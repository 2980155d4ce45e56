import { Table, type TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { useBadgePermissions } from './useBadgePermissions';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  type BadgeDetail,
  type MicroAppDetail,
  badgeTitle,
} from '@trellis/plugin-microapps-common';
import { useMemo, useState } from 'react';
import { formatRelativeDays } from '../../format';
import { BadgeDecisionDialog, type BadgeDecision } from './BadgeDecisionDialog';
import { BadgeStateChip } from './BadgeStateChip';
import { SpecChangeList } from './SpecChangeList';
import { formatDate, formatDateTime, shortDigest } from '../shared/formatTimes';

const useStyles = makeStyles(theme => ({
  name: {
    fontWeight: theme.typography.fontWeightBold as number,
  },
  muted: {
    color: theme.palette.text.secondary,
  },
  details: {
    marginTop: theme.spacing(0.5),
  },
  digest: {
    fontFamily: 'monospace',
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  comment: {
    overflowWrap: 'anywhere',
  },
}));

type Row = BadgeDetail & { id: string };

/** Grant is offered for any badge that is not granted now. */
const canBeGranted = (badge: BadgeDetail) => badge.state !== 'granted';
/** Revoke is offered for a badge that was granted and not revoked since. */
const canBeRevoked = (badge: BadgeDetail) =>
  badge.state === 'granted' ||
  badge.state === 'stale' ||
  badge.state === 'expired';

function neededFor(badge: BadgeDetail, tier: string): string {
  if (badge.requiredFor) return `Needed before ${badge.requiredFor}`;
  return `Not needed for a ${tier}-tier app`;
}

/**
 * The app's approval badges: state, the stage that needs each, who granted
 * it and when, until when it holds, the manifest digest it was granted on
 * and, for stale ones, what changed since. Grant and revoke buttons appear
 * only for people the permission framework allows.
 */
export function BadgesTable(props: {
  detail: MicroAppDetail;
  entityRef: string;
  /** Called after a grant or revoke went through, to reload the badges. */
  onChanged(): void;
}) {
  const { detail, entityRef, onChanged } = props;
  const classes = useStyles();
  const { permissions } = useBadgePermissions(entityRef);
  const mayActOnAny = Object.values(permissions).some(p => p.grant || p.revoke);
  const [target, setTarget] = useState<{
    decision: BadgeDecision;
    badge: BadgeDetail;
  }>();
  const [open, setOpen] = useState(false);
  const ask = (decision: BadgeDecision, badge: BadgeDetail) => {
    setTarget({ decision, badge });
    setOpen(true);
  };

  const columns = useMemo<TableColumn<Row>[]>(() => {
    const list: TableColumn<Row>[] = [
      {
        title: 'Badge',
        field: 'badge',
        render: row => (
          <>
            <Typography variant="body2" className={classes.name}>
              {badgeTitle(row.badge)}
            </Typography>
            <Typography variant="caption" className={classes.muted}>
              {neededFor(row, detail.risk.tier)}
            </Typography>
          </>
        ),
      },
      {
        title: 'State',
        field: 'state',
        render: row => (
          <>
            <BadgeStateChip state={row.state} />
            {row.state === 'stale' && row.changes?.length ? (
              <div className={classes.details}>
                <Typography variant="caption" className={classes.muted}>
                  Changed since the review:
                </Typography>
                <SpecChangeList changes={row.changes} />
              </div>
            ) : null}
            {row.state === 'revoked' && (
              <Typography
                variant="caption"
                component="div"
                className={`${classes.details} ${classes.comment}`}
              >
                {row.revokedAt && <>On {formatDate(row.revokedAt)}</>}
                {row.revokedBy && (
                  <>
                    {' by '}
                    <EntityRefLink
                      entityRef={row.revokedBy}
                      defaultKind="user"
                    />
                  </>
                )}
                {row.revokeComment && <>: “{row.revokeComment}”</>}
              </Typography>
            )}
          </>
        ),
      },
      {
        title: 'Approver',
        field: 'approver',
        render: row =>
          row.approver ? (
            <>
              <EntityRefLink entityRef={row.approver} defaultKind="user" />
              {row.comment && (
                <Typography
                  variant="caption"
                  component="div"
                  className={`${classes.muted} ${classes.comment}`}
                >
                  “{row.comment}”
                </Typography>
              )}
            </>
          ) : (
            <span className={classes.muted}>—</span>
          ),
      },
      {
        title: 'Granted',
        field: 'grantedAt',
        render: row =>
          row.grantedAt ? (
            <Tooltip title={formatDateTime(row.grantedAt)}>
              <span>{formatDate(row.grantedAt)}</span>
            </Tooltip>
          ) : (
            <span className={classes.muted}>—</span>
          ),
      },
      {
        title: 'Expires',
        field: 'expiresAt',
        render: row =>
          row.expiresAt && row.state !== 'revoked' ? (
            <>
              {formatDate(row.expiresAt)}
              <Typography
                variant="caption"
                component="div"
                className={classes.muted}
              >
                {formatRelativeDays(row.expiresAt)}
              </Typography>
            </>
          ) : (
            <span className={classes.muted}>—</span>
          ),
      },
      {
        title: 'Granted on digest',
        field: 'grantedDigest',
        render: row =>
          row.grantedDigest ? (
            <Tooltip title={row.grantedDigest}>
              <span>
                <code className={classes.digest}>
                  {shortDigest(row.grantedDigest)}
                </code>
                <Typography
                  variant="caption"
                  component="div"
                  className={classes.muted}
                >
                  {row.grantedDigest === detail.digest
                    ? 'current manifest'
                    : 'an earlier manifest'}
                </Typography>
              </span>
            </Tooltip>
          ) : (
            <span className={classes.muted}>—</span>
          ),
      },
    ];
    if (mayActOnAny) {
      list.push({
        title: 'Actions',
        field: 'id',
        render: row => (
          <div className={classes.actions}>
            {permissions[row.badge].grant && canBeGranted(row) && (
              <Button
                size="small"
                variant="outlined"
                color="primary"
                aria-label={`Grant ${badgeTitle(row.badge)}`}
                onClick={() => ask('grant', row)}
              >
                Grant
              </Button>
            )}
            {permissions[row.badge].revoke && canBeRevoked(row) && (
              <Button
                size="small"
                variant="outlined"
                aria-label={`Revoke ${badgeTitle(row.badge)}`}
                onClick={() => ask('revoke', row)}
              >
                Revoke
              </Button>
            )}
          </div>
        ),
      });
    }
    return list;
  }, [classes, detail.digest, detail.risk.tier, permissions, mayActOnAny]);

  // material-table writes bookkeeping into the row objects: hand it copies.
  const rows = useMemo<Row[]>(
    () => detail.badges.map(badge => ({ ...badge, id: badge.badge })),
    [detail.badges],
  );

  return (
    <>
      <Table<Row>
        title="Approval badges"
        subtitle={`Required for a ${detail.risk.tier}-tier app: ${
          detail.badges
            .filter(b => b.required)
            .map(b => badgeTitle(b.badge))
            .join(', ') || 'none'
        }`}
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
      {target && (
        <BadgeDecisionDialog
          open={open}
          decision={target.decision}
          badge={target.badge}
          entityRef={entityRef}
          appTitle={detail.title}
          digest={detail.digest}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            onChanged();
          }}
        />
      )}
    </>
  );
}
