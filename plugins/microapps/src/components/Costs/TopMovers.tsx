import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { CostGroup, CostGroupBy } from '@trellis/plugin-microapps-common';
import { formatUsd } from '../format';
import { CostChange } from './CostChange';
import { CostGroupName } from './CostGroupName';
import { readableTextColor } from '../contrast';

/** A group whose cost moved, by how much in dollars. */
export interface CostMover {
  group: CostGroup;
  deltaUsd: number;
}

/**
 * The groups whose cost rose and fell most in dollars against the previous
 * period, largest first; unchanged groups are neither.
 */
export function topMovers(
  groups: CostGroup[],
  limit = 5,
): { increases: CostMover[]; decreases: CostMover[] } {
  const movers = groups
    .map(group => ({ group, deltaUsd: group.costUsd - group.previousCostUsd }))
    .filter(mover => Math.abs(mover.deltaUsd) >= 0.005);
  return {
    increases: movers
      .filter(mover => mover.deltaUsd > 0)
      .sort((a, b) => b.deltaUsd - a.deltaUsd)
      .slice(0, limit),
    decreases: movers
      .filter(mover => mover.deltaUsd < 0)
      .sort((a, b) => a.deltaUsd - b.deltaUsd)
      .slice(0, limit),
  };
}

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  item: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 0),
    '& + &': {
      borderTop: `1px solid ${theme.palette.divider}`,
    },
  },
  name: {
    flex: '1 1 auto',
    minWidth: 0,
    overflowWrap: 'anywhere',
  },
  figures: {
    textAlign: 'right',
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  up: {
    color: readableTextColor(theme, theme.palette.error.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
  down: {
    color: readableTextColor(theme, theme.palette.success.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

export interface TopMoversCardProps {
  title: string;
  direction: 'up' | 'down';
  movers: CostMover[];
  groupBy: CostGroupBy;
  /** e.g. "vs Sep 24 – Oct 23, 2026". */
  subheader: string;
}

/** One list of top movers: the group, the change in dollars and percent. */
export function TopMoversCard(props: TopMoversCardProps) {
  const { title, direction, movers, groupBy, subheader } = props;
  const classes = useStyles();
  return (
    <InfoCard title={title} subheader={subheader}>
      {movers.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {direction === 'up'
            ? 'Nothing cost more than in the previous period.'
            : 'Nothing cost less than in the previous period.'}
        </Typography>
      ) : (
        <ol className={classes.list} aria-label={title}>
          {movers.map(({ group, deltaUsd }) => (
            <li key={group.key} className={classes.item}>
              <span className={classes.name}>
                <CostGroupName groupBy={groupBy} group={group} />
              </span>
              <span className={classes.figures}>
                <span className={classes[direction]}>
                  {deltaUsd > 0 ? '+' : '−'}
                  {formatUsd(Math.abs(deltaUsd))}
                </span>
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  {formatUsd(group.previousCostUsd)} →{' '}
                  {formatUsd(group.costUsd)} ·{' '}
                  <CostChange pct={group.changePct} noBaseline="new" />
                </Typography>
              </span>
            </li>
          ))}
        </ol>
      )}
    </InfoCard>
  );
}
