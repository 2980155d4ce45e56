// Rows per statement: well below SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK_SIZE = 400;

/** `items` cut into lists of at most `size`, one statement's rows each. */
export function chunks<T>(items: T[], size = CHUNK_SIZE): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    result.push(items.slice(i, i + size));
  return result;
}
