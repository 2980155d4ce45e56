import { storableText } from './storableText';

describe('storableText', () => {
  it('replaces U+0000 and unpaired surrogates, and keeps pairs', () => {
    expect(storableText('a\u0000b')).toBe('a\ufffdb');
    expect(storableText('\ud83d')).toBe('\ufffd');
    expect(storableText('x\ude00y')).toBe('x\ufffdy');
    expect(storableText('\ude00\ud83d')).toBe('\ufffd\ufffd');
    expect(storableText('😀')).toBe('😀');
    expect(storableText(`${'😀'.slice(0, 1)}z`)).toBe('\ufffdz');
  });

  it('leaves text that a database holds as it is', () => {
    const text = 'Grüße\t\n「審査済み」 \u202eevil';
    expect(storableText(text)).toBe(text);
  });
});
