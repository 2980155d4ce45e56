/** U+0000 and UTF-16 surrogates without their pair: no database text holds them. */
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- U+0000 is what it finds
  /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as Trellis stores it: U+0000 and unpaired surrogates (which
 * PostgreSQL text cannot hold and UTF-8 cannot encode) replaced by U+FFFD.
 * Whatever is hashed is passed through this first, so that a hash computed
 * before storing matches one computed from the stored text.
 *
 * @public
 */
export function storableText(value: string): string {
  return value.replace(UNSTORABLE, '\ufffd');
}
