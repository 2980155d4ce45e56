import { wholeNumberFormat } from '../format';

/** Whole numbers as shown on the cost pages: `12,345`. */
export const count = wholeNumberFormat;

/** `1 team`, `12 teams`. */
export function plural(n: number, nouns: [string, string]) {
  return `${count.format(n)} ${n === 1 ? nouns[0] : nouns[1]}`;
}
