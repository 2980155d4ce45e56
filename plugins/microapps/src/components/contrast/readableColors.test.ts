import { createTheme } from '@material-ui/core/styles';
import {
  AA_TEXT_CONTRAST,
  contrastRatio,
  readableFill,
  readableTextColor,
} from './readableColors';

const light = createTheme({ palette: { type: 'light' } });
const dark = createTheme({
  palette: {
    type: 'dark',
    background: { default: '#333333', paper: '#424242' },
  },
});

describe('contrastRatio', () => {
  it('measures as axe does, unrounded', () => {
    expect(contrastRatio('#6fbf73', '#424242')).toBeCloseTo(4.487, 3);
    expect(contrastRatio('#ffffff', '#000000')).toBe(21);
  });
});

describe('readableTextColor', () => {
  it('keeps a colour that already reads at 4.5:1', () => {
    expect(readableTextColor(light, '#000000')).toBe('#000000');
  });

  it.each([
    ['light', light],
    ['dark', dark],
  ])(
    'shades the palette colours until they read in the %s theme',
    (_, theme) => {
      for (const color of [
        theme.palette.error.main,
        theme.palette.success.main,
        theme.palette.warning.main,
        theme.palette.info.main,
      ]) {
        const text = readableTextColor(theme, color);
        for (const background of [
          theme.palette.background.paper,
          theme.palette.background.default,
        ]) {
          expect(contrastRatio(text, background)).toBeGreaterThanOrEqual(
            AA_TEXT_CONTRAST,
          );
        }
      }
    },
  );
});

describe('readableFill', () => {
  it('darkens red under white text until the two read at 4.5:1', () => {
    const fill = readableFill(light, light.palette.error.main);
    expect(fill.color).toBe('#fff');
    expect(fill.backgroundColor).not.toBe(light.palette.error.main);
    expect(
      contrastRatio(fill.color, fill.backgroundColor),
    ).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
  });

  it('keeps a fill whose dark text already reads', () => {
    const fill = readableFill(light, light.palette.warning.main);
    expect(fill.backgroundColor).toBe(light.palette.warning.main);
  });
});
