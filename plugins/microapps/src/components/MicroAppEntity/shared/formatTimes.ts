const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
});
const dateOnly = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

/** `Nov 23, 2026, 2:05 PM` in the viewer's time zone. */
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** `Nov 23, 2026` in the viewer's time zone. */
export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

/** `sha256:0a1b2c…` → `0a1b2c3d4e5f`: enough to tell manifests apart. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** The UTC day (`YYYY-MM-DD`) `offset` days from `now`. */
export function utcDay(now: Date, offset = 0): string {
  return new Date(now.getTime() + offset * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

/** Every UTC day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let time = Date.parse(`${from}T00:00:00Z`);
    time <= Date.parse(`${to}T00:00:00Z`);
    time += 86_400_000
  ) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}
