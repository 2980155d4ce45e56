import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
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
import { formatUsd } from '../format';
import { BudgetLabel } from './BudgetLabel';
import { BUDGET_LINE_MAX_RATIO, budgetLine } from './budgetLine';
import { dateAxisProps, usdAxisProps } from './costChartAxes';
import {
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
function DailyCostCaption(props: {
  title: string;
  budgetPerDayUsd?: number;
  budget: { show: boolean; offChart: boolean };
}) {
  const { title, budgetPerDayUsd, budget } = props;
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
    </Typography>
  );
}

/**
 * Cost per UTC day as stacked bars, one colour per series, with the
 * monthly budget as a daily average reference line. The axes carry their
 * units (USD per day, dates in UTC); the tooltip lists the day's total and
 * each series.
 */
export function DailyCostChart(props: DailyCostChartProps) {
  const { title, days, points, series, budgetPerDayUsd, height = 320 } = props;
  const budget = budgetLine(points, budgetPerDayUsd);
  const theme = useTheme();
  const classes = useStyles();
  const { rows, bars, labels } = useMemo(
    () => dailyCostData(days, points, series, theme),
    [days, points, series, theme],
  );

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
          <XAxis {...dateAxisProps(theme)} />
          <YAxis {...usdAxisProps(theme)} />
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
      />
    </figure>
  );
}
