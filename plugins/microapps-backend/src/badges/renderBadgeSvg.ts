import { estimateTextWidth } from './textWidth';

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

const HEIGHT = 20;
const FONT_SIZE = 11;
const HORIZONTAL_PADDING = 5;
const BASELINE = 14;
const FONT_FAMILY = 'Verdana,Geneva,DejaVu Sans,sans-serif';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, char => XML_ESCAPES[char]);
}

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

/** Dark text on light backgrounds, as shields.io does. */
function textColors(background: string): { fill: string; shadow: string } {
  const hex = background.slice(1);
  const full =
    hex.length === 3
      ? hex
          .split('')
          .map(c => c + c)
          .join('')
      : hex;
  const [r, g, b] = [0, 2, 4].map(i => parseInt(full.slice(i, i + 2), 16));
  const brightness = (r * 299 + g * 587 + b * 114) / 255000;
  return brightness > 0.69
    ? { fill: '#333', shadow: '#ccc' }
    : { fill: '#fff', shadow: '#010101' };
}

/** FNV-1a, so that badges inlined in one page do not share clip-path ids. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

interface Part {
  text: string;
  x: number;
  width: number;
  textWidth: number;
  background: string;
}

function layoutPart(text: string, x: number, background: string): Part {
  const textWidth = Math.ceil(estimateTextWidth(text, FONT_SIZE));
  return {
    text,
    x,
    width: textWidth + 2 * HORIZONTAL_PADDING,
    textWidth,
    background,
  };
}

function renderText(part: Part): string {
  if (!part.text) return '';
  const { fill, shadow } = textColors(part.background);
  const centre = part.x + part.width / 2;
  const text = escapeXml(part.text);
  return (
    `<text aria-hidden="true" x="${centre}" y="${
      BASELINE + 1
    }" fill="${shadow}" fill-opacity=".3" textLength="${
      part.textWidth
    }">${text}</text>` +
    `<text x="${centre}" y="${BASELINE}" fill="${fill}" textLength="${part.textWidth}">${text}</text>`
  );
}

/**
 * Renders a shields.io "flat" badge: `label` on grey, `message` on `color`.
 * All text is sanitised with {@link badgeText} and XML-escaped.
 */
export function renderBadgeSvg(input: BadgeSvgInput): string {
  const label = badgeText(input.label);
  const message = badgeText(input.message);
  const color = hexColor(input.color) ?? BADGE_FALLBACK_COLOR;

  const parts: Part[] = [];
  if (label) parts.push(layoutPart(label, 0, BADGE_LABEL_COLOR));
  const messageX = parts.length ? parts[0].width : 0;
  parts.push(layoutPart(message, messageX, color));
  const width = parts.reduce((sum, part) => sum + part.width, 0);

  const title = escapeXml(label ? `${label}: ${message}` : message);
  const id = `trellis-badge-${shortHash(
    `${label}\u0000${message}\u0000${color}`,
  )}`;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    `<linearGradient id="${id}-s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`,
    `<clipPath id="${id}-r"><rect width="${width}" height="${HEIGHT}" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#${id}-r)">`,
    ...parts.map(
      part =>
        `<rect${part.x ? ` x="${part.x}"` : ''} width="${
          part.width
        }" height="${HEIGHT}" fill="${part.background}"/>`,
    ),
    `<rect width="${width}" height="${HEIGHT}" fill="url(#${id}-s)"/>`,
    `</g>`,
    `<g text-anchor="middle" font-family="${FONT_FAMILY}" text-rendering="geometricPrecision" font-size="${FONT_SIZE}">`,
    ...parts.map(renderText),
    `</g>`,
    `</svg>`,
  ].join('');
}
