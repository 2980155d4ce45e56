/**
 * Approximate advance widths of Verdana, the font shields.io badges are laid
 * out for, in 1/2048 em. DejaVu Sans, the usual fallback on Linux, is close
 * enough; the renderer also sets `textLength`, so a viewer with another font
 * still gets text that fits its box.
 */
const VERDANA_ADVANCE: Record<string, number> = {
  ' ': 720,
  '!': 807,
  '"': 942,
  '#': 1675,
  $: 1303,
  '%': 2218,
  '&': 1484,
  "'": 553,
  '(': 913,
  ')': 913,
  '*': 1303,
  '+': 1675,
  ',': 745,
  '-': 940,
  '.': 745,
  '/': 913,
  ':': 913,
  ';': 913,
  '<': 1675,
  '=': 1675,
  '>': 1675,
  '?': 1114,
  '@': 2048,
  '[': 913,
  '\\': 913,
  ']': 913,
  '^': 1675,
  _: 1303,
  '`': 1303,
  '{': 1300,
  '|': 913,
  '}': 1300,
  '~': 1675,
  '·': 745,
  '…': 1868,
  '–': 1303,
  '—': 2048,
  A: 1401,
  B: 1405,
  C: 1430,
  D: 1577,
  E: 1294,
  F: 1178,
  G: 1587,
  H: 1540,
  I: 862,
  J: 1004,
  K: 1415,
  L: 1138,
  M: 1726,
  N: 1532,
  O: 1612,
  P: 1235,
  Q: 1612,
  R: 1423,
  S: 1401,
  T: 1264,
  U: 1499,
  V: 1401,
  W: 2025,
  X: 1403,
  Y: 1260,
  Z: 1403,
  a: 1229,
  b: 1276,
  c: 1067,
  d: 1276,
  e: 1220,
  f: 720,
  g: 1276,
  h: 1296,
  i: 562,
  j: 682,
  k: 1186,
  l: 562,
  m: 1992,
  n: 1296,
  o: 1243,
  p: 1276,
  q: 1276,
  r: 874,
  s: 1067,
  t: 807,
  u: 1296,
  v: 1186,
  w: 1633,
  x: 1186,
  y: 1186,
  z: 1056,
};

const UNITS_PER_EM = 2048;
/** Digits are tabular in Verdana; also the guess for unlisted Latin-like characters. */
const DIGIT_ADVANCE = 1303;

function advance(char: string): number {
  const known = VERDANA_ADVANCE[char];
  if (known !== undefined) return known;
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint >= 0x30 && codePoint <= 0x39) return DIGIT_ADVANCE;
  // Combining marks sit on the previous character.
  if (codePoint >= 0x300 && codePoint <= 0x36f) return 0;
  // CJK, Hangul, full-width forms and emoji take a full em.
  if (codePoint >= 0x1100) return UNITS_PER_EM;
  return DIGIT_ADVANCE;
}

/**
 * The approximate rendered width, in pixels, of `text` at `fontSize` px.
 */
export function estimateTextWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const char of text) units += advance(char);
  return (units * fontSize) / UNITS_PER_EM;
}
