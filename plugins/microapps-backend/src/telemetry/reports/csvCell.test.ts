import { csvCell } from './csvCell';

describe('csvCell', () => {
  it('leaves wholly numeric cells as they are', () => {
    expect(csvCell('12')).toBe('12');
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell('0.000001')).toBe('0.000001');
  });

  it('defuses every other cell a spreadsheet would run as a formula', () => {
    expect(csvCell("-1+cmd|'calc'!A1")).toBe("'-1+cmd|'calc'!A1");
    expect(csvCell('=HYPERLINK("http://x")')).toBe(
      '"\'=HYPERLINK(""http://x"")"',
    );
    expect(csvCell('+1')).toBe('+1');
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('-')).toBe("'-");
    expect(csvCell('1e5')).toBe('1e5');
  });

  it('quotes cells with commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
  });
});
