/**
 * True for an absolute `https:` or `http:` address. Links from the manifest
 * pass this before they are shown: a `javascript:` link must never reach the
 * page (Backstage's Link throws on one).
 */
export function isWebAddress(url: string): boolean {
  try {
    return ['https:', 'http:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}
