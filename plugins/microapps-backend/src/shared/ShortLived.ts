/**
 * A value read from the database and kept for `ttlMs`, so that a busy path
 * (the receiver, per request) reads it once per interval. Concurrent callers
 * share one read. `forget()` after a change in this replica: the next caller
 * reads again, and no read that started before the change is kept. Other
 * replicas see the change within `ttlMs`.
 */
export class ShortLived<T> {
  private cached?: { value: Promise<T>; until: number };

  constructor(
    private readonly read: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    const now = this.clock();
    if (this.cached && this.cached.until > now) return this.cached.value;
    const entry = { value: this.read(), until: now + this.ttlMs };
    this.cached = entry;
    // A failed read is not remembered: the next caller tries again.
    entry.value.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return entry.value;
  }

  forget(): void {
    this.cached = undefined;
  }
}
