import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import {
  VIOLATION_TYPES,
  type ViolationPage,
  type ViolationType,
} from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDay } from '../../format';
import { VIOLATION_TYPE_TITLES } from '../shared/displayNames';
import { daysBetween } from '../shared/formatTimes';
import { violationTypeColor } from './violationColors';

/** Fixed height; the width follows the card. */
const CHART_HEIGHT = 300;

const useStyles = makeStyles({
  figure: { margin: 0 },
});

type DayRow = { date: string } & Partial<Record<ViolationType, number>>;

/** Violations per day and type, with a row for every day of the range (zeros included). */
export function dailyViolationRows(
  series: ViolationPage['series'],
  from: string,
  to: string,
): { rows: DayRow[]; types: ViolationType[]; total: number } {
  const byDay = new Map<string, DayRow>(
    daysBetween(from, to).map(date => [date, { date }]),
  );
  let total = 0;
  for (const point of series) {
    const row = byDay.get(point.date);
    if (!row) continue;
    row[point.type] = (row[point.type] ?? 0) + point.count;
    total += point.count;
  }
  const seen = new Set(series.map(point => point.type));
  return {
    rows: [...byDay.values()],
    types: VIOLATION_TYPES.filter(type => seen.has(type)),
    total,
  };
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
  const theme = useTheme();
  const classes = useStyles();
  const { rows, types, total } = useMemo(
    () => dailyViolationRows(series, from, to),
    [series, from, to],
  );
  const text = theme.palette.text.secondary;
  const summary = `Violations per day by type from ${formatDay(
    from,
  )} to ${formatDay(to)}: ${total} in total${
    types.length
      ? `, ${types.map(type => VIOLATION_TYPE_TITLES[type]).join(', ')}`
      : ''
  }`;

  return (
    <figure className={classes.figure}>
      <div role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <BarChart
            data={rows}
            margin={{ top: 8, right: 16, bottom: 24, left: 16 }}
          >
            <CartesianGrid
              vertical={false}
              strokeDasharray="3 3"
              stroke={theme.palette.divider}
            />
            <XAxis
              dataKey="date"
              tickFormatter={formatDay}
              tick={{ fill: text, fontSize: 12 }}
              stroke={theme.palette.divider}
              minTickGap={24}
              label={{
                value: 'Day (UTC)',
                position: 'insideBottom',
                offset: -16,
                fill: text,
                fontSize: 12,
              }}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fill: text, fontSize: 12 }}
              stroke={theme.palette.divider}
              label={{
                value: 'Violations per day',
                angle: -90,
                position: 'insideLeft',
                fill: text,
                fontSize: 12,
                style: { textAnchor: 'middle' },
              }}
            />
            <Tooltip
              labelFormatter={label => formatDay(String(label))}
              formatter={(value: number, name: string) => [
                `${value} per day`,
                name,
              ]}
              contentStyle={{
                backgroundColor: theme.palette.background.paper,
                borderColor: theme.palette.divider,
                color: theme.palette.text.primary,
              }}
              labelStyle={{ color: theme.palette.text.primary }}
              cursor={{ fill: theme.palette.action.hover }}
            />
            <Legend
              verticalAlign="top"
              wrapperStyle={{ color: theme.palette.text.primary, fontSize: 12 }}
            />
            {types.map(type => (
              <Bar
                key={type}
                dataKey={type}
                name={VIOLATION_TYPE_TITLES[type]}
                stackId="violations"
                fill={violationTypeColor(theme, type)}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
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
