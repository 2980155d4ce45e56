/**
 * What was recently learnt about ingest keys in this replica, so that a busy
 * sender costs a database lookup per interval rather than per request:
 * - which keys were found active (for `ttlMs`: a key revoked on another
 *   replica stops here within that time; one revoked here stops at once),
 * - when each key's last use was written (at most once a minute).
 * Both maps are bounded: past `maxEntries` they start afresh.
 */
export class RecentKeys<T> {
  private readonly active = new Map<string, { value: T; until: number }>();
  private readonly marked = new Map<string, number>();

  constructor(
    private readonly ttlMs = 500,
    private readonly markEveryMs = 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  /** The key found active within the last `ttlMs`, if any. */
  activeKey(keyHash: string, now: number): T | undefined {
    const entry = this.active.get(keyHash);
    if (!entry) return undefined;
    if (entry.until > now) return entry.value;
    this.active.delete(keyHash);
    return undefined;
  }

  rememberActive(keyHash: string, value: T, now: number): void {
    if (this.active.size >= this.maxEntries) this.active.clear();
    this.active.set(keyHash, { value, until: now + this.ttlMs });
  }

  /** Whether the key's last use should be written now; true at most once per `markEveryMs`. */
  shouldMarkUsed(id: string, now: number): boolean {
    const last = this.marked.get(id);
    if (last !== undefined && now - last < this.markEveryMs) return false;
    if (this.marked.size >= this.maxEntries) this.marked.clear();
    this.marked.set(id, now);
    return true;
  }

  /** After a revocation in this replica: nothing remembered may outlive it. */
  forgetActive(): void {
    this.active.clear();
  }
}
