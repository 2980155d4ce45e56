import { csvText, defuseFormula } from './csvText';

describe('defuseFormula', () => {
  it('leaves wholly numeric cells as they are', () => {
    expect(defuseFormula('12')).toBe('12');
    expect(defuseFormula('-12.50')).toBe('-12.50');
    expect(defuseFormula('0.000001')).toBe('0.000001');
  });

  it('defuses every other cell a spreadsheet would run as a formula', () => {
    expect(defuseFormula("-1+cmd|'calc'!A1")).toBe("'-1+cmd|'calc'!A1");
    expect(defuseFormula('=HYPERLINK("http://x")')).toBe(
      '\'=HYPERLINK("http://x")',
    );
    expect(defuseFormula('+1')).toBe('+1');
    expect(defuseFormula('+1+1')).toBe("'+1+1");
    expect(defuseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(defuseFormula('\t=1')).toBe("'\t=1");
    expect(defuseFormula('-')).toBe("'-");
    expect(defuseFormula('1e5')).toBe('1e5');
  });
});

describe('csvText', () => {
  it('ends every line with CRLF and quotes cells with commas, quotes and line breaks', () => {
    expect(
      csvText([
        ['a,b', 'say "hi"', 'plain'],
        ['two\r\nlines', 'lone\nfeed', '=HYPERLINK("http://x")'],
      ]),
    ).toBe(
      '"a,b","say ""hi""",plain\r\n' +
        '"two\r\nlines","lone\nfeed","\'=HYPERLINK(""http://x"")"\r\n',
    );
  });
});
