import {
  addDays,
  daysBetween,
  MAX_COST_PERIOD_DAYS,
} from '@trellis/plugin-microapps-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { DailyUsageRow, TelemetryStore } from '../TelemetryStore';

/**
 * How far behind its last read each refresh starts reading again. A write is
 * stamped when its statement runs and seen when its transaction commits; this
 * must be longer than the time between the two, and than the clock
 * difference between database connections.
 */
export const REREAD_MS = 5 * 60_000;

/** Full reloads drop the rows the retention job deleted, on any replica. */
export const RELOAD_MS = 60 * 60_000;

/** Most days one `forEachDay` visits: a cost period and the one before it. */
export const MAX_VISITED_DAYS = 2 * MAX_COST_PERIOD_DAYS;

type UsageSource = Pick<TelemetryStore, 'dailyUsageChanges'>;

/** The rows of one day, and where each app and model's row is. */
interface Day {
  rows: DailyUsageRow[];
  /** `entityRef NUL model` → index in `rows`. */
  index: Map<string, number>;
}

interface Snapshot {
  days: Map<string, Day>;
  /**
   * One instance of each ref, model and day string of this copy. A full
   * reload starts a new one, so the strings of rows that are gone (retention,
   * or refs nobody reports any more) are freed with the old copy.
   */
  strings: Map<string, string>;
  readAt: Date;
  loadedAt: number;
}

/**
 * The daily usage rollups, held in memory for the cost reports, which total
 * tens of thousands of them per request: a database sums them far slower
 * than a loop over them does.
 *
 * Before each use the cache reads the rows changed since its last read (by
 * their `changed_at`), so a report sees everything committed before it was
 * asked for, whichever replica wrote it. A rollup row holds totals, so a row
 * read again simply replaces its copy. Every hour a full reload, in the
 * background, replaces the copy and so drops deleted rows.
 */
export class DailyUsageCache {
  private snapshot?: Snapshot;
  /** A completed background reload, swapped in by the next refresh. */
  private reloaded?: Snapshot;
  private reloading = false;
  private running?: Promise<void>;
  private queued?: Promise<void>;

  constructor(
    private readonly options: {
      store: UsageSource;
      logger?: LoggerService;
      /** Milliseconds since the epoch; replaceable in tests. */
      clock?: () => number;
    },
  ) {}

  /** Brings the copy up to date with everything committed before the call. */
  refresh(): Promise<void> {
    if (!this.running) {
      this.running = this.update().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    // The running refresh may have read before the caller's data was
    // committed: everyone arriving meanwhile shares the one after it.
    if (!this.queued) {
      const next = () => {
        this.queued = undefined;
        return this.refresh();
      };
      this.queued = this.running.then(next, next);
    }
    return this.queued;
  }

  /**
   * Calls `visit` with the rows of each day between two UTC days, both
   * included, day after day; days without usage are left out. At most
   * {@link MAX_VISITED_DAYS} days: a RangeError for more.
   */
  forEachDay(
    fromDay: string,
    toDay: string,
    visit: (day: string, rows: readonly DailyUsageRow[]) => void,
  ): void {
    const days = this.snapshot?.days;
    if (!days) throw new Error('DailyUsageCache used before refresh()');
    // Counted, not compared as text: no day string can keep the loop going.
    const count = daysBetween(fromDay, toDay);
    if (count > MAX_VISITED_DAYS) {
      throw new RangeError(
        `DailyUsageCache.forEachDay: ${fromDay} to ${toDay} is more than ${MAX_VISITED_DAYS} days`,
      );
    }
    for (let i = 0; i < count; i++) {
      const day = addDays(fromDay, i);
      const rows = days.get(day)?.rows;
      if (rows) visit(day, rows);
    }
  }

  /** Rows held, for benchmarks and logs. */
  get size(): number {
    let rows = 0;
    this.snapshot?.days.forEach(day => {
      rows += day.rows.length;
    });
    return rows;
  }

  private now() {
    return (this.options.clock ?? Date.now)();
  }

  private async update() {
    if (this.reloaded) {
      // Rows changed after the reload began are read again below.
      const previous = this.snapshot!;
      this.snapshot = this.reloaded;
      this.reloaded = undefined;
      if (previous.readAt < this.snapshot.readAt)
        this.snapshot.readAt = previous.readAt;
    }
    if (!this.snapshot) {
      this.snapshot = await this.load();
      return;
    }
    if (!this.reloading && this.now() - this.snapshot.loadedAt > RELOAD_MS)
      this.reloadInBackground();

    const snapshot = this.snapshot;
    const { rows, readAt } = await this.options.store.dailyUsageChanges(
      new Date(snapshot.readAt.getTime() - REREAD_MS),
    );
    for (const row of rows) put(snapshot, row);
    snapshot.readAt = readAt;
  }

  private reloadInBackground() {
    this.reloading = true;
    this.load()
      .then(
        snapshot => {
          this.reloaded = snapshot;
        },
        error => {
          this.options.logger?.warn(
            `Reloading the daily usage for the cost reports failed; retrying at the next refresh: ${error}`,
          );
          // Try again at the next refresh rather than an hour later.
          if (this.snapshot) this.snapshot.loadedAt = 0;
        },
      )
      .finally(() => {
        this.reloading = false;
      });
  }

  private async load(): Promise<Snapshot> {
    const loadedAt = this.now();
    const { rows, readAt } = await this.options.store.dailyUsageChanges();
    const snapshot: Snapshot = {
      days: new Map(),
      strings: new Map(),
      readAt,
      loadedAt,
    };
    for (const row of rows) put(snapshot, row);
    return snapshot;
  }

  /** Distinct strings held, for tests and benchmarks: bounded by the rows held. */
  get internedStrings(): number {
    return this.snapshot?.strings.size ?? 0;
  }
}

/** Puts a row into the copy, replacing the row of the same app, model and day. */
function put(snapshot: Snapshot, row: DailyUsageRow) {
  const intern = (value: string) => {
    const known = snapshot.strings.get(value);
    if (known !== undefined) return known;
    snapshot.strings.set(value, value);
    return value;
  };
  const day = intern(row.day);
  let rows = snapshot.days.get(day);
  if (!rows) {
    rows = { rows: [], index: new Map() };
    snapshot.days.set(day, rows);
  }
  const entityRef = intern(row.entityRef);
  const model = intern(row.model);
  const copy = { ...row, day, entityRef, model };
  const key = intern(`${entityRef}\u0000${model}`);
  const at = rows.index.get(key);
  if (at === undefined) {
    rows.index.set(key, rows.rows.length);
    rows.rows.push(copy);
  } else {
    rows.rows[at] = copy;
  }
}
