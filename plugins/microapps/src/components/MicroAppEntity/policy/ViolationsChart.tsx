import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  ViolationPage,
  ViolationType,
} from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import { formatDay } from '../../format';
import { VIOLATION_TYPE_TITLES } from '../shared/displayNames';
import { dailyViolationRows } from './dailyViolationRows';
import { ViolationsBarChart } from './ViolationsBarChart';

export { dailyViolationRows } from './dailyViolationRows';

const useStyles = makeStyles({
  figure: { margin: 0 },
});

/** The chart in words, for its caption and for screen readers. */
function chartSummary(
  from: string,
  to: string,
  total: number,
  types: ViolationType[],
): string {
  return `Violations per day by type from ${formatDay(from)} to ${formatDay(
    to,
  )}: ${total} in total${
    types.length
      ? `, ${types.map(type => VIOLATION_TYPE_TITLES[type]).join(', ')}`
      : ''
  }`;
}

/**
 * A stacked bar per UTC day, one colour per violation type, in a chart
 * that takes the card's width at a fixed height.
 */
export function ViolationsChart(props: {
  series: ViolationPage['series'];
  from: string;
  to: string;
}) {
  const { series, from, to } = props;
  const classes = useStyles();
  const { rows, types, total } = useMemo(
    () => dailyViolationRows(series, from, to),
    [series, from, to],
  );
  const summary = chartSummary(from, to, total, types);

  return (
    <figure className={classes.figure}>
      <div role="img" aria-label={summary}>
        <ViolationsBarChart rows={rows} types={types} />
      </div>
      <Typography
        variant="caption"
        component="figcaption"
        color="textSecondary"
      >
        {summary}.
      </Typography>
    </figure>
  );
}
