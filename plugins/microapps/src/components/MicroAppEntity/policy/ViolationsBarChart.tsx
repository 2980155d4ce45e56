import { useTheme, type Theme } from '@material-ui/core/styles';
import type { ViolationType } from '@trellis/plugin-microapps-common';
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
import type { DayRow } from './dailyViolationRows';
import { violationTypeColor } from './violationColors';

/** Fixed height; the width follows the card. */
const CHART_HEIGHT = 300;

/** Tick and label colours of an axis, from the theme. */
function axisStyle(theme: Theme) {
  const text = theme.palette.text.secondary;
  return {
    tick: { fill: text, fontSize: 12 },
    stroke: theme.palette.divider,
    label: { fill: text, fontSize: 12 },
  };
}

/** The tooltip's colours, from the theme. */
function tooltipStyle(theme: Theme) {
  return {
    contentStyle: {
      backgroundColor: theme.palette.background.paper,
      borderColor: theme.palette.divider,
      color: theme.palette.text.primary,
    },
    labelStyle: { color: theme.palette.text.primary },
    cursor: { fill: theme.palette.action.hover },
  };
}

/** The bars themselves: one stack per day, one colour per type. */
export function ViolationsBarChart(props: {
  rows: DayRow[];
  types: ViolationType[];
}) {
  const { rows, types } = props;
  const theme = useTheme();
  const axis = axisStyle(theme);
  return (
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
          tick={axis.tick}
          stroke={axis.stroke}
          minTickGap={24}
          label={{
            value: 'Day (UTC)',
            position: 'insideBottom',
            offset: -16,
            ...axis.label,
          }}
        />
        <YAxis
          allowDecimals={false}
          tick={axis.tick}
          stroke={axis.stroke}
          label={{
            value: 'Violations per day',
            angle: -90,
            position: 'insideLeft',
            ...axis.label,
            style: { textAnchor: 'middle' },
          }}
        />
        <Tooltip
          labelFormatter={label => formatDay(String(label))}
          formatter={(value: number, name: string) => [
            `${value} per day`,
            name,
          ]}
          {...tooltipStyle(theme)}
        />
        <Legend
          verticalAlign="top"
          wrapperStyle={{ fontSize: 12 }}
          // Recharts colours legend text like its bar; the swatch carries the colour.
          formatter={value => (
            <span style={{ color: theme.palette.text.primary }}>{value}</span>
          )}
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
  );
}
