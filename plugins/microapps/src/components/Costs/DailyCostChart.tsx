import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme, type Theme } from '@material-ui/core/styles';
import { useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipProps,
} from 'recharts';
import { formatDay, formatUsd } from '../format';
import { otherSeriesColor, seriesColors } from './seriesColors';

/** One stacked series of the chart. */
export interface CostSeries {
  key: string;
  label: string;
  /** Drawn in the neutral "everything else" colour. */
  other?: boolean;
}

export interface DailyCostChartProps {
  /** What the chart shows; its accessible name. */
  title: string;
  /** Every day of the period, oldest first; days without points are zero. */
  days: string[];
  points: ReadonlyArray<{ date: string; key: string; costUsd: number }>;
  /** Stacking order, bottom first. */
  series: CostSeries[];
  /** Drawn as a dashed line: the monthly budget spread evenly over the month. */
  budgetPerDayUsd?: number;
  height?: number;
}

type ChartRow = { date: string; total: number } & Record<string, number>;

/** Ticks of the USD axis: `$0.25`, `$12`, `$12,345`, `$1.2M`. */
export function formatAxisUsd(value: number): string {
  if (value === 0) return '$0';
  if (Math.abs(value) >= 100_000) {
    return `$${new Intl.NumberFormat('en-US', {
      notation: 'compact',
      maximumFractionDigits: 1,
    }).format(value)}`;
  }
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: Math.abs(value) >= 10 ? 0 : 2,
  }).format(value);
}

const useStyles = makeStyles(theme => ({
  figure: {
    margin: 0,
    width: '100%',
    minWidth: 0,
  },
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

function DayTooltip(
  props: TooltipProps<number, string> & {
    labels: Map<string, { label: string; color: string }>;
  },
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

/**
 * The budget line's label on a small plate, so that it stays legible over
 * the bars: above the line at its right end, or below when the line runs
 * along the top of the plot.
 */
function BudgetLabel(props: {
  viewBox?: { x: number; y: number; width: number };
  text: string;
  theme: Theme;
}) {
  const { viewBox, text, theme } = props;
  if (!viewBox) return null;
  const width = Math.round(text.length * 6.4) + 12;
  const height = 18;
  const x = viewBox.x + viewBox.width - width - 4;
  const y = viewBox.y - height - 4 < 2 ? viewBox.y + 4 : viewBox.y - height - 4;
  return (
    <g>
      <rect
        x={x}
        y={y}
        width={width}
        height={height}
        rx={3}
        fill={theme.palette.background.paper}
        fillOpacity={0.92}
        stroke={theme.palette.divider}
      />
      <text
        x={x + width / 2}
        y={y + 13}
        textAnchor="middle"
        fontSize={12}
        fill={theme.palette.text.primary}
      >
        {text}
      </text>
    </g>
  );
}

const axisTick = (theme: Theme) => ({
  fill: theme.palette.text.secondary,
  fontSize: 12,
});

/**
 * Cost per UTC day as stacked bars, one colour per series, with the
 * monthly budget as a daily average reference line. The axes carry their
 * units (USD per day, dates in UTC); the tooltip lists the day's total and
 * each series.
 */
/** The budget line is drawn only up to this many times the costliest day. */
const BUDGET_LINE_MAX_RATIO = 4;

function sumByDay(points: ReadonlyArray<{ date: string; costUsd: number }>) {
  const totals = new Map<string, number>();
  for (const point of points)
    totals.set(point.date, (totals.get(point.date) ?? 0) + point.costUsd);
  return totals;
}

export function DailyCostChart(props: DailyCostChartProps) {
  const { title, days, points, series, budgetPerDayUsd, height = 320 } = props;
  const maxDayUsd = points.length ? Math.max(...sumByDay(points).values()) : 0;
  const hasBudget = budgetPerDayUsd !== undefined && budgetPerDayUsd > 0;
  // A budget far above every day would squash the bars into the axis.
  const budgetOffChart =
    hasBudget &&
    maxDayUsd > 0 &&
    budgetPerDayUsd! > BUDGET_LINE_MAX_RATIO * maxDayUsd;
  const showBudgetLine = hasBudget && !budgetOffChart;
  const theme = useTheme();
  const classes = useStyles();

  const { rows, bars, labels } = useMemo(() => {
    // Series keys can hold dots and slashes ("gpt-4.1", "group:default/x"),
    // which recharts would read as paths: address them by position instead.
    const dataKeys = new Map(series.map((s, index) => [s.key, `s${index}`]));
    const byDay = new Map<string, ChartRow>(
      days.map(date => {
        const row = { date, total: 0 } as ChartRow;
        for (const dataKey of dataKeys.values()) row[dataKey] = 0;
        return [date, row];
      }),
    );
    for (const point of points) {
      const row = byDay.get(point.date);
      const dataKey = dataKeys.get(point.key);
      if (!row || !dataKey) continue;
      row[dataKey] += point.costUsd;
      row.total += point.costUsd;
    }
    const palette = seriesColors(theme, series.filter(s => !s.other).length);
    let next = 0;
    const described = series.map((s, index) => ({
      ...s,
      dataKey: `s${index}`,
      color: s.other ? otherSeriesColor(theme) : palette[next++],
    }));
    return {
      rows: Array.from(byDay.values()),
      bars: described,
      labels: new Map(
        described.map(s => [s.dataKey, { label: s.label, color: s.color }]),
      ),
    };
  }, [days, points, series, theme]);

  const tick = axisTick(theme);
  return (
    <figure className={classes.figure} aria-label={title}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart
          data={rows}
          margin={{ top: 20, right: 16, bottom: 4, left: 4 }}
          accessibilityLayer
          title={title}
        >
          <CartesianGrid
            vertical={false}
            stroke={theme.palette.divider}
            strokeDasharray="3 3"
          />
          <XAxis
            dataKey="date"
            tickFormatter={formatDay}
            tick={tick}
            stroke={theme.palette.divider}
            minTickGap={16}
            height={44}
            label={{
              value: 'Date (UTC)',
              position: 'insideBottom',
              offset: 0,
              fill: theme.palette.text.secondary,
              fontSize: 12,
            }}
          />
          <YAxis
            tickFormatter={formatAxisUsd}
            tick={tick}
            stroke={theme.palette.divider}
            width={88}
            allowDecimals
            label={{
              value: 'USD per day',
              angle: -90,
              position: 'insideLeft',
              offset: 4,
              style: { textAnchor: 'middle' },
              fill: theme.palette.text.secondary,
              fontSize: 12,
            }}
          />
          <Tooltip
            cursor={{ fill: theme.palette.action.hover }}
            content={<DayTooltip labels={labels} />}
          />
          <Legend
            verticalAlign="bottom"
            wrapperStyle={{ paddingTop: 8, fontSize: 12 }}
            formatter={value => (
              <span style={{ color: theme.palette.text.primary }}>{value}</span>
            )}
          />
          {bars.map(bar => (
            <Bar
              key={bar.key}
              dataKey={bar.dataKey}
              name={bar.label}
              stackId="cost"
              fill={bar.color}
              isAnimationActive={false}
              maxBarSize={48}
            />
          ))}
          {showBudgetLine && (
            <ReferenceLine
              y={budgetPerDayUsd}
              stroke={theme.palette.text.primary}
              strokeDasharray="6 4"
              strokeWidth={1.5}
              ifOverflow="extendDomain"
              label={
                <BudgetLabel
                  text={`Budget ${formatUsd(budgetPerDayUsd)}/day avg`}
                  theme={theme}
                />
              }
            />
          )}
        </BarChart>
      </ResponsiveContainer>
      <Typography
        variant="caption"
        color="textSecondary"
        component="figcaption"
      >
        {title}, in USD per UTC day.
        {showBudgetLine
          ? ' The dashed line is the monthly budget divided by the days of the month.'
          : ''}
        {budgetOffChart
          ? ` The budget's daily average (${formatUsd(
              budgetPerDayUsd!,
            )}) is more than ${BUDGET_LINE_MAX_RATIO} times the costliest day, so it is left off to keep the bars readable.`
          : ''}
      </Typography>
    </figure>
  );
}
