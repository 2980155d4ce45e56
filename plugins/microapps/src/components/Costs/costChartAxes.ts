import type { Theme } from '@material-ui/core/styles';
import type { XAxisProps, YAxisProps } from 'recharts';
import { formatDay } from '../format';

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

const axisTick = (theme: Theme) => ({
  fill: theme.palette.text.secondary,
  fontSize: 12,
});

// Recharts finds its axes among the chart's direct children by type, so the
// axes cannot be wrapped in components: their props are built here instead.

/** The horizontal axis: one tick per UTC day. */
export function dateAxisProps(theme: Theme): XAxisProps {
  return {
    dataKey: 'date',
    tickFormatter: formatDay,
    tick: axisTick(theme),
    stroke: theme.palette.divider,
    minTickGap: 16,
    height: 44,
    label: {
      value: 'Date (UTC)',
      position: 'insideBottom',
      offset: 0,
      fill: theme.palette.text.secondary,
      fontSize: 12,
    },
  };
}

/** The vertical axis: USD per day. */
export function usdAxisProps(theme: Theme): YAxisProps {
  return {
    tickFormatter: formatAxisUsd,
    tick: axisTick(theme),
    stroke: theme.palette.divider,
    width: 88,
    allowDecimals: true,
    label: {
      value: 'USD per day',
      angle: -90,
      position: 'insideLeft',
      offset: 4,
      style: { textAnchor: 'middle' },
      fill: theme.palette.text.secondary,
      fontSize: 12,
    },
  };
}
