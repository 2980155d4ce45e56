/**
 * Quotes a CSV cell when needed, and defuses cells a spreadsheet would run
 * as a formula: only a wholly numeric cell (`-12.5`) may start with `-` or
 * `+`; any other cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return is prefixed with `'` (so `-1+cmd|'calc'!A1` is text).
 */
export function csvCell(value: string): string {
  const numeric = /^[+-]?\d+(\.\d+)?$/.test(value);
  const safe = !numeric && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
