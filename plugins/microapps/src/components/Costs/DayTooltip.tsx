import { makeStyles } from '@material-ui/core/styles';
import type { TooltipProps } from 'recharts';
import { formatDay, formatUsd } from '../format';
import type { ChartRow, SeriesLabels } from './dailyCostData';

const useStyles = makeStyles(theme => ({
  tooltip: {
    background: theme.palette.background.paper,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    boxShadow: theme.shadows[2],
    padding: theme.spacing(1, 1.5),
    color: theme.palette.text.primary,
    ...theme.typography.body2,
    fontVariantNumeric: 'tabular-nums',
  },
  tooltipList: {
    listStyle: 'none',
    margin: theme.spacing(0.5, 0, 0),
    padding: 0,
  },
  tooltipItem: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  swatch: {
    width: 10,
    height: 10,
    borderRadius: 2,
    flex: 'none',
  },
  tooltipValue: {
    marginLeft: 'auto',
    paddingLeft: theme.spacing(2),
  },
}));

/** The hovered day's total and each series with cost that day, largest first. */
export function DayTooltip(
  props: TooltipProps<number, string> & { labels: SeriesLabels },
) {
  const classes = useStyles();
  const { active, payload, labels } = props;
  if (!active || !payload?.length) return null;
  const row = payload[0].payload as ChartRow;
  const items = payload
    .filter(entry => Number(entry.value) > 0)
    .sort((a, b) => Number(b.value) - Number(a.value));
  return (
    <div className={classes.tooltip}>
      <strong>
        {formatDay(row.date)}: {formatUsd(row.total)}
      </strong>
      <ul className={classes.tooltipList}>
        {items.map(entry => {
          const info = labels.get(String(entry.dataKey));
          return (
            <li key={String(entry.dataKey)} className={classes.tooltipItem}>
              <span
                className={classes.swatch}
                style={{ background: info?.color }}
              />
              <span>{info?.label}</span>
              <span className={classes.tooltipValue}>
                {formatUsd(Number(entry.value))}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
