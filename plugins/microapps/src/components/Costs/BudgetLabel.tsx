import type { Theme } from '@material-ui/core/styles';

/**
 * The budget line's label on a small plate, so that it stays legible over
 * the bars: above the line at its right end, or below when the line runs
 * along the top of the plot.
 */
export function BudgetLabel(props: {
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
