/** The statement's file name: `trellis-chargeback-2026-10.csv`. */
export const chargebackFileName = (month: string) =>
  `trellis-chargeback-${month}.csv`;

/** Data rows of a CSV text (records after the header; quoted line breaks kept inside). */
export function countCsvRows(csv: string): number {
  let records = 0;
  let quoted = false;
  let content = false;
  for (let index = 0; index < csv.length; index++) {
    const char = csv[index];
    if (char === '"') quoted = !quoted;
    if (char === '\n' && !quoted) {
      if (content) records++;
      content = false;
    } else if (char !== '\r') {
      content = true;
    }
  }
  if (content) records++;
  return Math.max(0, records - 1);
}

/** Hands text to the browser as a file download through a Blob link. */
export function saveTextFile(text: string, fileName: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Give the browser a moment to start the download before letting go.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
