import type { Theme } from '@material-ui/core/styles';

/**
 * Ten distinct hues for chart series, one set per theme. Each keeps at
 * least 4.5:1 contrast with the theme's background and paper (light: #fff
 * and #f8f8f8; dark: #333 and #424242), so a bar or legend swatch is as
 * readable as body text; legend text itself is in the theme's text colour.
 * Red is left out: it means "over budget" everywhere in Trellis. Neighbours
 * differ in hue, not only in shade, so stacked series do not run together.
 */
export const SERIES_PALETTES = {
  light: [
    '#1f6fb4', // blue
    '#b85c00', // orange
    '#2e7d32', // green
    '#7b4fa8', // purple
    '#00838f', // teal
    '#8c564b', // brown
    '#6b6b00', // olive
    '#ad1f8c', // magenta
    '#4a5a8c', // slate blue
    '#8a6d00', // ochre
  ],
  dark: [
    '#74b3e8',
    '#ffa64d',
    '#81c784',
    '#c3a3f0',
    '#4dd0e1',
    '#d7a48a',
    '#cfcf5a',
    '#f28fd9',
    '#9fb0e6',
    '#ffd54f',
  ],
} as const;

/**
 * Colours for `count` chart series in the theme's palette; past ten series
 * the hues repeat (the cost report shows at most twelve groups and sums the
 * rest as "everything else", drawn in grey).
 */
export function seriesColors(theme: Theme, count: number): string[] {
  const palette =
    SERIES_PALETTES[theme.palette.type === 'dark' ? 'dark' : 'light'];
  return Array.from({ length: count }, (_, index) => palette[index % 10]);
}

/** The colour of the "everything else" series. */
export const otherSeriesColor = (theme: Theme): string =>
  theme.palette.type === 'dark'
    ? theme.palette.grey[600]
    : theme.palette.grey[400];
