/** Number formats shared by every Trellis view, so that figures read the same everywhere. */

const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 2,
});
const smallUsd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumSignificantDigits: 2,
  maximumSignificantDigits: 3,
});
const compact = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 1,
});
/** Whole numbers with thousands separators: `12,345`. */
export const wholeNumberFormat = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 0,
});

/** `$1,234.56`; amounts under a dollar keep three significant digits (`$0.00412`). */
export function formatUsd(value: number): string {
  if (value !== 0 && Math.abs(value) < 1) return smallUsd.format(value);
  return usd.format(value);
}

/** `1.2M tokens` style count without the unit: `1.2M`, `980`. */
export function formatCompact(value: number): string {
  return value >= 10_000
    ? compact.format(value)
    : wholeNumberFormat.format(value);
}

/** `+12.5%`, `−3.0%`, or `—` when there is nothing to compare with. */
export function formatChange(pct: number | null | undefined): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return '—';
  const magnitude = `${Math.abs(pct).toFixed(1)}%`;
  if (pct > 0) return `+${magnitude}`;
  if (pct < 0) return `−${magnitude}`;
  return magnitude;
}

/** `3 days ago`, `today`, `in 12 days`, from an ISO time. */
export function formatRelativeDays(
  iso: string,
  now: Date = new Date(),
): string {
  const days = Math.round((Date.parse(iso) - now.getTime()) / 86_400_000);
  if (days === 0) return 'today';
  if (days === -1) return 'yesterday';
  if (days === 1) return 'tomorrow';
  return days < 0 ? `${-days} days ago` : `in ${days} days`;
}

/** `2026-11-23` as `Nov 23`, for chart axes (UTC days). */
export function formatDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** "No violations", "1 violation, high", "8 violations, 2 high", "8 violations, none high". */
export function violationsText(total: number, high: number): string {
  if (total === 0) return 'No violations';
  const counted = `${wholeNumberFormat.format(total)} ${
    total === 1 ? 'violation' : 'violations'
  }`;
  if (total === 1) return `${counted}, ${high === 1 ? 'high' : 'not high'}`;
  return `${counted}, ${
    high === 0 ? 'none high' : `${wholeNumberFormat.format(high)} high`
  }`;
}
