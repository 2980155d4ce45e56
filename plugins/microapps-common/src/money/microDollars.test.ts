import { formatMicros, microsToUsd, usdToMicros } from './microDollars';

describe('micro-dollars', () => {
  it('converts dollars to whole micro-dollars, rounding half away from zero', () => {
    expect(usdToMicros(1.5)).toBe(1_500_000);
    expect(usdToMicros(0.0000005)).toBe(1);
    expect(usdToMicros(0.0000004)).toBe(0);
    expect(usdToMicros(0.1 + 0.2)).toBe(300_000);
    expect(usdToMicros(-2.25)).toBe(-2_250_000);
  });

  it('writes micro-dollars as an exact decimal, without floating-point error', () => {
    expect(formatMicros(1_234_567)).toBe('1.234567');
    expect(formatMicros(5)).toBe('0.000005');
    expect(formatMicros(0)).toBe('0.000000');
    expect(formatMicros(-1_000_001)).toBe('-1.000001');
    expect(formatMicros(9_007_199_254_740_991)).toBe('9007199254.740991');
    expect(() => formatMicros(0.5)).toThrow(RangeError);
  });

  it('sums exactly where dollars would not', () => {
    const micros = [100_000, 200_000];
    expect(microsToUsd(micros[0] + micros[1])).toBe(0.3);
    expect(0.1 + 0.2).not.toBe(0.3);
  });
});
