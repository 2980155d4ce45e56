import { makeBadge } from 'badge-maker';

/** What a badge says and the colour of its right-hand part. */
export interface BadgeSvgInput {
  /** Left-hand text, on grey. An empty label renders a message-only badge. */
  label: string;
  /** Right-hand text, on `color`. */
  message: string;
  /** A CSS hex colour (`#rgb` or `#rrggbb`); anything else renders grey. */
  color: string;
}

/** Longest label or message, in characters; longer text ends in "…". */
export const BADGE_TEXT_LIMIT = 64;

/** The grey of a badge's left-hand part, as on shields.io. */
export const BADGE_LABEL_COLOR = '#555';
/** The colour used when the requested one is not a hex colour. */
export const BADGE_FALLBACK_COLOR = '#757575';

/** Bidi embeddings, overrides and isolates: they could make text read backwards. */
function isBidiControl(codePoint: number): boolean {
  return (
    codePoint === 0x200e ||
    codePoint === 0x200f ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069)
  );
}

/** Characters a badge never shows; lone surrogates and U+FFFE/U+FFFF are not even valid XML. */
function isInvisible(codePoint: number): boolean {
  return (
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    (codePoint >= 0xd800 && codePoint <= 0xdfff) ||
    codePoint === 0xfffe ||
    codePoint === 0xffff ||
    isBidiControl(codePoint)
  );
}

/**
 * The text a badge shows: line breaks and tabs become spaces, other control
 * characters go, runs of spaces collapse, and text longer than
 * {@link BADGE_TEXT_LIMIT} characters is cut and ends in "…".
 */
export function badgeText(text: string): string {
  const chars = Array.from(String(text).replace(/[\t\n\v\f\r]/g, ' ')).filter(
    char => !isInvisible(char.codePointAt(0) ?? 0),
  );
  const clean = Array.from(chars.join('').replace(/ {2,}/g, ' ').trim());
  if (clean.length <= BADGE_TEXT_LIMIT) return clean.join('');
  return `${clean
    .slice(0, BADGE_TEXT_LIMIT - 1)
    .join('')
    .trimEnd()}…`;
}

function hexColor(color: string): string | undefined {
  return /^#(?:[0-9a-f]{3}){1,2}$/i.test(color)
    ? color.toLowerCase()
    : undefined;
}

/** FNV-1a, so that badges inlined in one page do not share element ids. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * Renders a shields.io "flat" badge with `badge-maker`: `label` on grey,
 * `message` on `color`. The text is sanitised with {@link badgeText} first and
 * the colour checked with a strict hex pattern, so badge-maker never sees
 * control characters or colour names and CSS from the caller; badge-maker
 * escapes the XML and adds the `<title>` "label: message".
 */
export function renderBadgeSvg(input: BadgeSvgInput): string {
  const label = badgeText(input.label);
  const message = badgeText(input.message);
  const color = hexColor(input.color) ?? BADGE_FALLBACK_COLOR;

  return makeBadge({
    style: 'flat',
    label,
    message,
    color,
    // With a label colour, badge-maker draws a left part even for no label.
    ...(label ? { labelColor: BADGE_LABEL_COLOR } : {}),
    idSuffix: `-${shortHash(`${label}\u0000${message}\u0000${color}`)}`,
  });
}
