/**
 * Runs work per key one at a time. Calls that arrive while a run is under
 * way share one run that starts after the current one, so each waits for a
 * run that began after it was called, and a burst of calls for one key costs
 * two runs, not one per call. The engine keys its ingest evaluations by app
 * (and the policies concerned): each request waits for an evaluation that
 * began after its own spans were committed.
 */
export class CoalescedRuns {
  private readonly queues = new Map<
    string,
    { running: Promise<void>; next?: Promise<void> }
  >();

  run(key: string, work: () => Promise<void>): Promise<void> {
    const current = this.queues.get(key);
    if (current?.next) return current.next;
    const queue = current ?? { running: Promise.resolve() };
    const run: Promise<void> = queue.running.then(async () => {
      if (queue.next === run) {
        queue.next = undefined;
        queue.running = run;
      }
      try {
        await work();
      } finally {
        if (!queue.next && this.queues.get(key) === queue) {
          this.queues.delete(key);
        }
      }
    });
    if (current) {
      queue.next = run;
    } else {
      queue.running = run;
      this.queues.set(key, queue);
    }
    return run;
  }
}
