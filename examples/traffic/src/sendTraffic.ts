import { sendAppTraffic } from './appTraffic';
import { type ExampleCatalog, loadExampleCatalog } from './exampleCatalog';
import { describeExportError, TrafficExportError } from './TrafficExportError';
import { planTraffic, type TrafficPlan } from './trafficPlan';
import { TrafficRun } from './TrafficRun';

export { TrafficExportError } from './TrafficExportError';

/** Where a run is; reported after each app. */
export interface TrafficProgress {
  /** The app just finished. */
  app: string;
  appsDone: number;
  appsTotal: number;
  /** Totals so far, over all apps. */
  spans: number;
  genAiSpans: number;
  exportedSpans: number;
}

/** Options for {@link sendExampleTraffic}. */
export interface SendExampleTrafficOptions {
  /** The OTLP/HTTP traces endpoint, e.g. `http://localhost:7007/api/microapps/v1/traces`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token: string;
  /**
   * The token of one app's spans, e.g. its own ingest key; `token` when
   * absent or when it answers nothing.
   */
  tokenFor?: (appName: string) => string | undefined;
  /** Whole days of history before today. Default 60. */
  days?: number;
  /** The end of the window. Default: the current time. */
  now?: Date;
  /** The same seed and `now` send the same traffic (trace and span ids aside). Default `trellis`. */
  seed?: string | number;
  /** Multiplies every app's volume. Default 1 (about 30,000 GenAI spans for 60 days). */
  scale?: number;
  /** The app pushed over its monthly budget; `false` for none. Default: chosen by the plan. */
  budgetApp?: string | false;
  /** The example micro-apps and model catalog; read from `examplesDir` (or the repository) when absent. */
  catalog?: ExampleCatalog;
  examplesDir?: string;
  /** Apps sent at the same time. Default 2: with a flush at 1,024 pending spans that stays within a receiver's slots for one caller. */
  concurrency?: number;
  /** Stops the run: nothing more is generated, what was generated is flushed. */
  signal?: AbortSignal;
  onProgress?: (progress: TrafficProgress) => void;
}

/** What a run sent. */
export interface SendExampleTrafficResult {
  apps: number;
  traces: number;
  spans: number;
  /** Spans with GenAI usage (`chat <model>`). */
  genAiSpans: number;
  /** Spans the receiver acknowledged. */
  exportedSpans: number;
  from: Date;
  to: Date;
  /** The app that goes over its budget this month, if any. */
  budgetOverrun?: TrafficPlan['budgetOverrun'];
  durationMs: number;
}

/**
 * Sends backdated traffic for every example micro-app (and one shadow app)
 * through the real OpenTelemetry SDK and OTLP/HTTP exporter, so that cost,
 * usage and violation views have history. Spans are generated and ended one
 * app and day at a time and flushed as they go, so memory stays small.
 *
 * @throws TrafficExportError when the receiver rejects spans (wrong token,
 * no receiver, backend down); nothing more is sent after the first failure.
 */
export async function sendExampleTraffic(
  options: SendExampleTrafficOptions,
): Promise<SendExampleTrafficResult> {
  const started = Date.now();
  const catalog =
    options.catalog ??
    (await loadExampleCatalog({ examplesDir: options.examplesDir }));
  const plan = planTraffic({
    apps: catalog.apps,
    models: catalog.models,
    now: options.now,
    days: options.days,
    seed: options.seed,
    scale: options.scale,
    budgetApp: options.budgetApp,
  });

  const run = new TrafficRun(options.signal);
  await sendApps(plan, run, options);
  throwIfIncomplete(run, options);
  return {
    apps: plan.apps.length,
    traces: run.totals.traces,
    spans: run.totals.spans,
    genAiSpans: run.totals.genAiSpans,
    exportedSpans: run.exportedSpans(),
    from: plan.from,
    to: plan.now,
    budgetOverrun: plan.budgetOverrun,
    durationMs: Date.now() - started,
  };
}

/** Sends the apps `concurrency` at a time, reporting progress after each. */
async function sendApps(
  plan: TrafficPlan,
  run: TrafficRun,
  options: SendExampleTrafficOptions,
): Promise<void> {
  const queue = [...plan.apps];
  let appsDone = 0;
  const worker = async () => {
    for (let app = queue.shift(); app && !run.stopped(); app = queue.shift()) {
      await sendAppTraffic(
        run,
        plan,
        app,
        run.exporterFor(
          options.url,
          options.tokenFor?.(app.name) ?? options.token,
        ),
      );
      appsDone++;
      options.onProgress?.({
        app: app.name,
        appsDone,
        appsTotal: plan.apps.length,
        spans: run.totals.spans,
        genAiSpans: run.totals.genAiSpans,
        exportedSpans: run.exportedSpans(),
      });
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker),
  );
}

/** Throws when the receiver failed, the run was stopped, or spans were dropped. */
function throwIfIncomplete(
  run: TrafficRun,
  options: SendExampleTrafficOptions,
): void {
  const { failure, totals } = run;
  if (failure !== undefined) {
    throw new TrafficExportError(
      `The OTLP receiver at ${
        options.url
      } did not accept the example traffic: ${describeExportError(
        failure,
        options.url,
      )} ` +
        `(${run.exportedSpans()} of ${
          totals.spans
        } spans exported before it stopped)`,
      run.exportedSpans(),
      run.failedSpans(),
      failure,
    );
  }
  if (options.signal?.aborted) {
    throw new TrafficExportError(
      `Sending example traffic was stopped after ${run.exportedSpans()} spans`,
      run.exportedSpans(),
      0,
    );
  }
  if (run.exportedSpans() < totals.spans) {
    throw new TrafficExportError(
      `Only ${run.exportedSpans()} of ${
        totals.spans
      } spans were exported; the others were dropped`,
      run.exportedSpans(),
      totals.spans - run.exportedSpans(),
    );
  }
}
