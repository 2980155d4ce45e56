/*
 * npm run bench:load [-- --seconds 60 --spans-per-second 2000 --batch 200
 *                        --queries-per-second 10 --history-days 28 --sqlite]
 *
 * Sustained load on one example backend (packages/backend, production config
 * on PostgreSQL; with --sqlite the embedded default, app-config.yaml alone)
 * with the example catalog: for a bounded time, OTLP batches are sent at a
 * steady rate (open loop: on schedule, whether or not earlier ones have been
 * answered) while marketplace and cost queries run at a fixed rate. Before the
 * clock starts, `--history-days` of backdated usage is loaded so that the cost
 * queries read a realistic month of rollups.
 *
 * Prints errors (every non-2xx answer or failed request; target 0), the
 * achieved ingest rate, whether every acknowledged span is committed (and
 * nothing else), and p50/p95/p99 per query shape. Exit code 1 when there were
 * errors or the committed count is wrong.
 */
import {
  Cluster,
  machineLine,
  OTLP_TOKEN,
  POSTGRES_URL,
  probePostgres,
  sleep,
} from './backends';
import {
  type Batch,
  costsByApp,
  exampleApps,
  makeBatches,
  pool,
  postBatch,
  sendUntilAccepted,
  sumFigures,
} from './otlp';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`--${name} needs a number, got ${process.argv[index + 1]}`);
  return value;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(
      sorted.length - 1,
      Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
    )
  ];
}

const fmt = (n: number) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: 0 })
    : '–';
const ms = (n: number) =>
  Number.isFinite(n) ? `${n.toFixed(n < 10 ? 1 : 0)} ms` : '–';

interface Shape {
  name: string;
  path: (i: number) => string;
}

async function main() {
  const seconds = argument('seconds', 60);
  const spansPerSecond = argument('spans-per-second', 2000);
  const batchSize = argument('batch', 200);
  const queriesPerSecond = argument('queries-per-second', 10);
  const historyDays = argument('history-days', 28);
  const sqlite = process.argv.includes('--sqlite');

  if (!sqlite) {
    const probe = await probePostgres();
    if (!probe.major) {
      console.error(
        `No PostgreSQL at ${POSTGRES_URL} (${probe.error}); run with --sqlite for the embedded database.`,
      );
      process.exit(1);
    }
  }
  const apps = exampleApps();
  const now = Date.now();

  // Everything the client sends is built before the clock starts.
  const historyBatches =
    historyDays > 0
      ? makeBatches({
          apps,
          batches: Math.ceil((historyDays * 24 * apps.length * 2) / 1000),
          spansPerBatch: 1000,
          seed: 99,
          // Backdated over the period the cost queries cover (the last 30 days), up to an hour ago.
          spanStart: random =>
            now - 3600_000 - random() * (historyDays * 24 - 1) * 3600_000,
        })
      : [];
  const batchesPerSecond = spansPerSecond / batchSize;
  const loadBatches = makeBatches({
    apps,
    batches: Math.round(seconds * batchesPerSecond),
    spansPerBatch: batchSize,
    seed: 7,
  });

  const shapes: Shape[] = [
    { name: 'GET /apps (default page)', path: () => '/apps' },
    {
      name: 'GET /apps?tier=high&sort=risk',
      path: () => '/apps?tier=high&sort=risk&order=desc',
    },
    {
      name: 'GET /apps?q=…&lifecycle=production',
      path: i =>
        `/apps?q=${
          ['invoice', 'customer', 'summar', 'contract'][i % 4]
        }&lifecycle=production,canary`,
    },
    {
      name: 'GET /apps?owner=…&sort=cost&limit=50',
      path: i =>
        `/apps?owner=${
          ['finance-ops', 'people-ops', 'marketing'][i % 3]
        }&sort=cost&order=desc&limit=50`,
    },
    {
      name: 'GET /apps?sort=adoption&limit=100',
      path: () => '/apps?sort=adoption&order=desc&limit=100',
    },
    { name: 'GET /costs?groupBy=team', path: () => '/costs?groupBy=team' },
    {
      name: 'GET /apps/:ns/:name/costs',
      path: i => `/apps/default/${apps[(i * 7) % apps.length].name}/costs`,
    },
  ];

  const cluster = new Cluster({
    replicas: [{ name: 'bench', port: 7110 }],
    database: sqlite ? 'sqlite' : 'postgres',
    logLevel: 'warn',
    label: 'bench',
  });
  const stopAndExit = (code: number) =>
    cluster.stop().finally(() => process.exit(code));
  process.once('SIGINT', () => stopAndExit(130));

  let exitCode = 0;
  try {
    console.log(
      `Load benchmark: one example backend (${
        sqlite
          ? 'app-config.yaml: SQLite in memory'
          : `production config on PostgreSQL ${(await probePostgres()).major}`
      }), ` + `example catalog (${apps.length} MicroApps)`,
    );
    console.log(machineLine());
    const startMs = await cluster.startReplica('bench');
    const base = `${cluster.replica('bench').baseUrl}/api/microapps`;
    console.log(`Backend ready in ${(startMs / 1000).toFixed(1)} s`);

    let historySpans = 0;
    if (historyBatches.length) {
      const t = Date.now();
      await pool(historyBatches, 4, async batch => {
        const attempts = await sendUntilAccepted(
          cluster.replica('bench').baseUrl,
          batch.body,
        );
        if (!attempts[attempts.length - 1].ok)
          throw new Error(
            `Loading history failed: ${JSON.stringify(
              attempts[attempts.length - 1],
            )}`,
          );
        historySpans += batch.spans;
      });
      console.log(
        `History: ${fmt(
          historySpans,
        )} backdated spans over ${historyDays} days loaded in ${(
          (Date.now() - t) /
          1000
        ).toFixed(1)} s`,
      );
    }
    const userToken = await cluster.signIn('uma', 'bench');

    console.log(
      `Load: ${fmt(
        spansPerSecond,
      )} spans/s target (${batchesPerSecond} batches of ${batchSize} per second) and ${queriesPerSecond} queries/s ` +
        `(${shapes.length} shapes in turn, as a signed-in user) for ${seconds} s…`,
    );

    // Ingest, open loop.
    const ingestLatencies: number[] = [];
    const errors = new Map<string, number>();
    const addError = (key: string) =>
      errors.set(key, (errors.get(key) ?? 0) + 1);
    let ackedSpans = 0;
    let lastAckAt = 0;
    const scheduleLag: number[] = [];
    const started = performance.now();
    const sendAll = async (batches: Batch[]) => {
      const pending: Array<Promise<void>> = [];
      for (let k = 0; k < batches.length; k++) {
        const due = started + (k * 1000) / batchesPerSecond;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        scheduleLag.push(performance.now() - due);
        const batch = batches[k];
        pending.push(
          postBatch(cluster.replica('bench').baseUrl, batch.body, 60_000).then(
            result => {
              if (result.ok) {
                ingestLatencies.push(result.ms);
                ackedSpans += batch.spans;
                lastAckAt = performance.now();
              } else {
                addError(`POST /v1/traces → ${result.status || result.error}`);
              }
            },
          ),
        );
      }
      await Promise.all(pending);
    };

    // Queries, open loop, shapes in turn.
    const queryLatencies = new Map<string, number[]>(
      shapes.map(s => [s.name, []]),
    );
    const runQueries = async () => {
      const pending: Array<Promise<void>> = [];
      const total = Math.round(seconds * queriesPerSecond);
      for (let k = 0; k < total; k++) {
        const due = started + (k * 1000) / queriesPerSecond;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const shape = shapes[k % shapes.length];
        const i = Math.floor(k / shapes.length);
        pending.push(
          (async () => {
            const t = performance.now();
            try {
              const response = await fetch(`${base}${shape.path(i)}`, {
                headers: { Authorization: `Bearer ${userToken}` },
                signal: AbortSignal.timeout(60_000),
              });
              await response.arrayBuffer();
              if (response.ok)
                queryLatencies.get(shape.name)!.push(performance.now() - t);
              else addError(`${shape.name} → ${response.status}`);
            } catch (error) {
              addError(`${shape.name} → ${(error as Error).name}`);
            }
          })(),
        );
      }
      await Promise.all(pending);
    };

    await Promise.all([sendAll(loadBatches), runQueries()]);
    const sendSeconds = (lastAckAt - started) / 1000;
    const errorCount = [...errors.values()].reduce((x, y) => x + y, 0);

    // Every acknowledged span committed, nothing else.
    const committed = sumFigures(
      await costsByApp(cluster.replica('bench').baseUrl, OTLP_TOKEN),
    ).requests;
    const expected = historySpans + ackedSpans;

    const lat = ingestLatencies.sort((x, y) => x - y);
    const lag = scheduleLag.sort((x, y) => x - y);
    console.log('');
    console.log(
      `Errors: ${errorCount} (target 0)${
        errorCount ? ` ${JSON.stringify(Object.fromEntries(errors))}` : ''
      }`,
    );
    console.log(
      `Ingest: ${fmt(ackedSpans)} of ${fmt(
        loadBatches.length * batchSize,
      )} spans acknowledged in ${sendSeconds.toFixed(1)} s = ${fmt(
        ackedSpans / sendSeconds,
      )} spans/s ` +
        `(target ${fmt(spansPerSecond)}); request latency p50 ${ms(
          percentile(lat, 50),
        )}, p95 ${ms(percentile(lat, 95))}, p99 ${ms(percentile(lat, 99))}; ` +
        `send schedule lag p95 ${ms(percentile(lag, 95))}`,
    );
    const committedOk = committed === expected;
    console.log(
      `Committed: ${fmt(committed)} requests in GET /costs = ${fmt(
        historySpans,
      )} history + ${fmt(ackedSpans)} acknowledged: ${
        committedOk ? 'exact' : `MISMATCH (expected ${fmt(expected)})`
      }`,
    );
    console.log('');
    const width = Math.max(...shapes.map(s => s.name.length));
    console.log(
      `${'query shape'.padEnd(width)}  ${'n'.padStart(4)}  ${'p50'.padStart(
        8,
      )}  ${'p95'.padStart(8)}  ${'p99'.padStart(8)}  ${'max'.padStart(8)}`,
    );
    const all: number[] = [];
    for (const shape of shapes) {
      const values = queryLatencies.get(shape.name)!.sort((x, y) => x - y);
      all.push(...values);
      console.log(
        `${shape.name.padEnd(width)}  ${String(values.length).padStart(
          4,
        )}  ${ms(percentile(values, 50)).padStart(8)}  ${ms(
          percentile(values, 95),
        ).padStart(8)}  ${ms(percentile(values, 99)).padStart(8)}  ${ms(
          values[values.length - 1],
        ).padStart(8)}`,
      );
    }
    all.sort((x, y) => x - y);
    console.log(
      `${'all queries'.padEnd(width)}  ${String(all.length).padStart(4)}  ${ms(
        percentile(all, 50),
      ).padStart(8)}  ${ms(percentile(all, 95)).padStart(8)}  ${ms(
        percentile(all, 99),
      ).padStart(8)}  ${ms(all[all.length - 1]).padStart(8)}`,
    );
    if (errorCount > 0 || !committedOk) exitCode = 1;
  } catch (error) {
    console.error(error);
    exitCode = 1;
  } finally {
    await cluster.stop();
  }
  process.exit(exitCode);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
