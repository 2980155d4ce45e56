import Typography from '@material-ui/core/Typography';
import { makeStyles, type Theme, useTheme } from '@material-ui/core/styles';
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
} from 'recharts';
import { formatDay, formatUsd } from '../format';
import { BudgetLabel } from './BudgetLabel';
import { BUDGET_LINE_MAX_RATIO, budgetLine } from './budgetLine';
import { chartMargin, clippedAxisMax, clippedAxisProps } from './chartScale';
import { dateAxisProps, usdAxisProps } from './costChartAxes';
import {
  type ChartRow,
  dailyCostData,
  type CostPoint,
  type CostSeries,
} from './dailyCostData';
import { DayTooltip } from './DayTooltip';

export { formatAxisUsd } from './costChartAxes';
export type { CostSeries } from './dailyCostData';

export interface DailyCostChartProps {
  /** What the chart shows; its accessible name. */
  title: string;
  /** Every day of the period, oldest first; days without points are zero. */
  days: string[];
  points: ReadonlyArray<CostPoint>;
  /** Stacking order, bottom first. */
  series: CostSeries[];
  /** Drawn as a dashed line: the monthly budget spread evenly over the month. */
  budgetPerDayUsd?: number;
  /**
   * Days the backend marks as anomalous (far above the median day): each is
   * marked, and when one would squash the other bars the axis is cut below
   * it and the bar shows its total.
   */
  anomalousDays?: readonly string[];
  height?: number;
}

const useStyles = makeStyles({
  figure: {
    margin: 0,
    width: '100%',
    minWidth: 0,
  },
});

/** Names the chart and its units, and says how the budget is drawn. */
export function DailyCostCaption(props: {
  title: string;
  budgetPerDayUsd?: number;
  budget: { show: boolean; offChart: boolean };
  spikes: Array<{ date: string; total: number }>;
  axisMax?: number;
}) {
  const { title, budgetPerDayUsd, budget, spikes, axisMax } = props;
  return (
    <Typography variant="caption" color="textSecondary" component="figcaption">
      {title}, in USD per UTC day.
      {budget.show
        ? ' The dashed line is the monthly budget divided by the days of the month.'
        : ''}
      {budget.offChart
        ? ` The budget's daily average (${formatUsd(
            budgetPerDayUsd!,
          )}) is more than ${BUDGET_LINE_MAX_RATIO} times the costliest day, so it is left off to keep the bars readable.`
        : ''}
      {spikes.length > 0
        ? ` Marked as unusual (more than 3 times the median day): ${spikes
            .map(spike => `${formatDay(spike.date)} ${formatUsd(spike.total)}`)
            .join(', ')}.`
        : ''}
      {axisMax !== undefined
        ? ` The axis stops at ${formatUsd(
            axisMax,
          )} so that the other days stay readable; taller bars are cut and labelled with their total.`
        : ''}
    </Typography>
  );
}

/** A dotted line over each anomalous day, labelled with the day's total. */
function spikeLines(spikes: ChartRow[], theme: Theme) {
  // Neighbouring spikes' labels take turns at two heights so they never overlap.
  return spikes.map((spike, index) => (
    <ReferenceLine
      key={spike.date}
      x={spike.date}
      stroke={theme.palette.warning.main}
      strokeDasharray="2 3"
      label={{
        value: `▲ ${formatUsd(spike.total)}`,
        position: 'top',
        offset: index % 2 === 0 ? 4 : 18,
        fill: theme.palette.text.primary,
        fontSize: 12,
      }}
    />
  ));
}

/**
 * Cost per UTC day as stacked bars, one colour per series, with the
 * monthly budget as a daily average reference line. The axes carry their
 * units (USD per day, dates in UTC); the tooltip lists the day's total and
 * each series.
 */
export function DailyCostChart(props: DailyCostChartProps) {
  const { title, days, points, series, budgetPerDayUsd, height = 320 } = props;
  const { anomalousDays = [] } = props;
  const budget = budgetLine(points, budgetPerDayUsd);
  const theme = useTheme();
  const classes = useStyles();
  const { rows, bars, labels } = useMemo(
    () => dailyCostData(days, points, series, theme),
    [days, points, series, theme],
  );
  const anomalous = new Set(anomalousDays);
  const spikes = rows.filter(row => anomalous.has(row.date));
  const axisMax = clippedAxisMax(rows, anomalous);

  return (
    <figure className={classes.figure} aria-label={title}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart
          data={rows}
          margin={chartMargin(spikes.length)}
          accessibilityLayer
          title={title}
        >
          <CartesianGrid
            vertical={false}
            stroke={theme.palette.divider}
            strokeDasharray="3 3"
          />
          <XAxis {...dateAxisProps(theme)} />
          <YAxis {...usdAxisProps(theme)} {...clippedAxisProps(axisMax)} />
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
          {spikeLines(spikes, theme)}
          {budget.show && (
            <ReferenceLine
              y={budgetPerDayUsd}
              stroke={theme.palette.text.primary}
              strokeDasharray="6 4"
              strokeWidth={1.5}
              ifOverflow="extendDomain"
              label={
                <BudgetLabel
                  text={`Budget ${formatUsd(budgetPerDayUsd!)}/day avg`}
                  theme={theme}
                />
              }
            />
          )}
        </BarChart>
      </ResponsiveContainer>
      <DailyCostCaption
        title={title}
        budgetPerDayUsd={budgetPerDayUsd}
        budget={budget}
        spikes={spikes}
        axisMax={axisMax}
      />
    </figure>
  );
}
