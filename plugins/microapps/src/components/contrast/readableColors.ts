import {
  darken,
  decomposeColor,
  lighten,
  recomposeColor,
  type Theme,
} from '@material-ui/core/styles';

/** WCAG 2 AA contrast for normal-sized text. */
export const AA_TEXT_CONTRAST = 4.5;

const STEP = 0.05;

/**
 * WCAG relative luminance. MUI's getLuminance rounds to three decimals,
 * enough to pass a colour that axe measures at 4.48:1.
 */
function luminance(color: string): number {
  const [r, g, b] = decomposeColor(color)
    .values.slice(0, 3)
    .map(value => {
      const channel = value / 255;
      return channel <= 0.04045
        ? channel / 12.92
        : ((channel + 0.055) / 1.055) ** 2.4;
    });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two opaque colours. */
export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (lighter + 0.05) / (darker + 0.05);
}

/** The first shade of `color` (itself, then ever darker or lighter) that `reads`. */
function firstReadableShade(
  color: string,
  shade: typeof darken,
  reads: (candidate: string) => boolean,
): string {
  for (let amount = 0; amount < 1; amount += STEP) {
    const candidate = amount === 0 ? color : shade(color, amount);
    if (reads(candidate)) return candidate;
  }
  return shade(color, 1);
}

/** `text` as it shows on `fill`: the theme's dark text is translucent black. */
function textOn(text: string, fill: string): string {
  const { values: over } = decomposeColor(text);
  const { values: under } = decomposeColor(fill);
  const opacity = over[3] ?? 1;
  return recomposeColor({
    type: 'rgb',
    values: [0, 1, 2].map(i =>
      Math.round(over[i] * opacity + under[i] * (1 - opacity)),
    ) as [number, number, number],
  });
}

/**
 * A palette colour for text (and the icons beside it) on the theme's
 * surfaces: `color` itself when it reads at 4.5:1 on every background,
 * otherwise a darker shade of it in the light theme, a lighter one in the
 * dark theme, so red stays red.
 */
export function readableTextColor(
  theme: Theme,
  color: string,
  backgrounds: string[] = [
    theme.palette.background.paper,
    theme.palette.background.default,
  ],
): string {
  return firstReadableShade(
    color,
    theme.palette.type === 'dark' ? lighten : darken,
    candidate =>
      backgrounds.every(
        background => contrastRatio(candidate, background) >= AA_TEXT_CONTRAST,
      ),
  );
}

/**
 * The colours of a surface filled with a palette colour (a chip, a banner):
 * the theme's contrast text on it, and the fill darkened under light text
 * (lightened under dark text) until the two read at 4.5:1. MUI's
 * getContrastText alone settles for 3:1.
 */
export function readableFill(
  theme: Theme,
  color: string,
): { backgroundColor: string; color: string } {
  const text = theme.palette.getContrastText(color);
  const lightText = luminance(text) > 0.5;
  const backgroundColor = firstReadableShade(
    color,
    lightText ? darken : lighten,
    candidate =>
      contrastRatio(textOn(text, candidate), candidate) >= AA_TEXT_CONTRAST,
  );
  return { backgroundColor, color: text };
}
