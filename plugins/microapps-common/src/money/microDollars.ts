/*
 * Money is counted in whole micro-dollars (millionths of a US dollar):
 * integers add up exactly, floating-point dollars do not. The API speaks
 * US dollars, converted from micro-dollars at the edge (6 decimals).
 */

/** Micro-dollars in one US dollar. @public */
export const MICROS_PER_USD = 1_000_000;

/** US dollars to whole micro-dollars, rounded half away from zero. @public */
export function usdToMicros(usd: number): number {
  return Math.sign(usd) * Math.round(Math.abs(usd) * MICROS_PER_USD);
}

/** Whole micro-dollars to US dollars (exact to 6 decimals as a decimal text). @public */
export function microsToUsd(micros: number): number {
  return micros / MICROS_PER_USD;
}

/**
 * Whole micro-dollars as a decimal text with 6 decimals, made from the
 * integer, never from a floating-point product: `1234567` → `1.234567`.
 *
 * @public
 */
export function formatMicros(micros: number): string {
  if (!Number.isSafeInteger(micros)) {
    throw new RangeError(`${micros} is not a whole number of micro-dollars`);
  }
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  const dollars = Math.floor(abs / MICROS_PER_USD);
  const fraction = String(abs % MICROS_PER_USD).padStart(6, '0');
  return `${sign}${dollars}.${fraction}`;
}
