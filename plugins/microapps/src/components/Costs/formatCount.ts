/** Whole numbers as shown on the cost pages: `12,345`. */
export const count = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 0,
});

/** `1 team`, `12 teams`. */
export function plural(n: number, nouns: [string, string]) {
  return `${count.format(n)} ${n === 1 ? nouns[0] : nouns[1]}`;
}
