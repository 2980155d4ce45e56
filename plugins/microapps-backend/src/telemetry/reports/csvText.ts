import { stringify } from 'csv-stringify/sync';

/**
 * Defuses a cell a spreadsheet would run as a formula: only a wholly
 * numeric cell (`-12.5`) may start with `-` or `+`; any other cell starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`
 * (so `-1+cmd|'calc'!A1` is text).
 */
export function defuseFormula(value: string): string {
  const numeric = /^[+-]?\d+(\.\d+)?$/.test(value);
  return !numeric && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * CSV as RFC 4180 has it (`csv-stringify`): CRLF line ends, cells quoted
 * when they hold a comma, a quote or any line break; every cell defused.
 */
export function csvText(rows: ReadonlyArray<readonly string[]>): string {
  return stringify(
    rows.map(row => row.map(defuseFormula)),
    { record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  );
}
