/** The padding of a content-sized table column: narrower than the table's default. */
export const COLUMN_PADDING = '8px 12px';

/**
 * A table column sized by its content (the browser's auto layout instead of
 * the table's even split), with a narrower padding, so that Trellis's tables
 * keep to the page at 1280 px.
 */
export const CONTENT_SIZED_COLUMN = {
  width: 'auto',
  headerStyle: { padding: COLUMN_PADDING },
  cellStyle: { padding: COLUMN_PADDING },
} as const;
