import { darken, lighten, type Theme } from '@material-ui/core/styles';

/**
 * Colours for `count` chart series, derived from the theme's palette so that
 * charts follow the light and dark themes. Red is left out: it means "over
 * budget" everywhere in Trellis. Past five series the hues repeat in a
 * lighter and a darker shade (the other way round on a dark background).
 */
export function seriesColors(theme: Theme, count: number): string[] {
  const { palette } = theme;
  const hues = [
    palette.primary.main,
    palette.warning.main,
    palette.success.main,
    palette.secondary.main,
    palette.info.main,
  ];
  const dark = palette.type === 'dark';
  const shades: Array<(color: string) => string> = [
    color => color,
    color => (dark ? lighten(color, 0.45) : darken(color, 0.35)),
    color => (dark ? darken(color, 0.35) : lighten(color, 0.45)),
  ];
  const colors: string[] = [];
  for (let index = 0; index < count; index++) {
    const hue = hues[index % hues.length];
    const shade = shades[Math.floor(index / hues.length) % shades.length];
    colors.push(shade(hue));
  }
  return colors;
}

/** The colour of the "everything else" series. */
export const otherSeriesColor = (theme: Theme): string =>
  theme.palette.type === 'dark'
    ? theme.palette.grey[600]
    : theme.palette.grey[400];
