import { text } from './policyFindings';

describe('text', () => {
  it('keeps ordinary text, trimmed, and reads blank or non-text values as absent', () => {
    expect(text('  gpt-4o-mini \n')).toBe('gpt-4o-mini');
    expect(text('Ünïcödé 😀 rule')).toBe('Ünïcödé 😀 rule');
    expect(text('   ')).toBeUndefined();
    expect(text(42)).toBeUndefined();
    expect(text(undefined)).toBeUndefined();
  });

  it('replaces what no database text can hold: NUL and unpaired surrogates', () => {
    expect(text('nul\u0000inside')).toBe('nul\ufffdinside');
    expect(text('high \ud800 alone')).toBe('high \ufffd alone');
    expect(text('low \udc00 alone')).toBe('low \ufffd alone');
    expect(text('reversed \udc00\ud800')).toBe('reversed \ufffd\ufffd');
  });

  it('cuts at 200 characters without leaving half a surrogate pair', () => {
    const cut = text(`${'x'.repeat(199)}😀 and more`)!;
    expect(cut).toHaveLength(200);
    expect(cut.endsWith('\ufffd')).toBe(true);
    expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut);
  });
});
