/*
 * Two backend replicas on one PostgreSQL database:
 *  (a) OTLP batches sent through both replicas at once, a quarter of them to
 *      both replicas at the same moment, are counted exactly once;
 *  (b) a badge granted through one replica is seen at once through the other;
 *  (c) a scheduled job with global scope runs once per interval across the
 *      replicas, and moves to the other replica when its runner stalls.
 */
import { formatMicros } from '@trellis/plugin-microapps-common';
import {
  type Cluster,
  OTLP_TOKEN,
  type Report,
  type Scenario,
  sleep,
} from './backends';
import {
  addFigures,
  appCosts,
  compareFigures,
  costsByApp,
  exampleApps,
  type Figures,
  makeBatches,
  pool,
  sendUntilAccepted,
  sumFigures,
} from './otlp';

/** The retention job's interval in the system tests: 0.05 minutes = 3 s (the scheduler takes fractional minutes). */
export const RETENTION_INTERVAL_MINUTES = 0.05;
const INTERVAL_MS = RETENTION_INTERVAL_MINUTES * 60_000;
const RETENTION_TASK = 'microapps-telemetry-retention';
const RETENTION_RUN_LINE = 'Telemetry retention deleted';

/** Configuration the replica scenarios need (merged into the cluster's generated config). */
export const replicaScenarioConfig = {
  microapps: {
    // Each replica's marketplace index refreshes every 5 s (default 30), so that replicas are ready sooner.
    marketplace: { refreshIntervalSeconds: 5 },
    telemetry: { retention: { intervalMinutes: RETENTION_INTERVAL_MINUTES } },
  },
};

const BATCHES = 80;
const SPANS_PER_BATCH = 200;

const concurrentIngest: Scenario = {
  name: 'replicas: OTLP through both replicas at once is counted exactly once',
  async run(cluster: Cluster, report: Report) {
    const [a, b] = cluster.replicas;
    const apps = exampleApps();
    const before = await costsByApp(a.baseUrl);
    report.check(
      sumFigures(before).requests === 0,
      'fresh database: no usage before the run (example traffic is off)',
      `${sumFigures(before).requests} requests`,
    );

    const batches = makeBatches({
      apps,
      batches: BATCHES,
      spansPerBatch: SPANS_PER_BATCH,
      seed: 20261123,
    });
    const expected = new Map<string, Figures>();
    for (const batch of batches) addFigures(expected, batch.figures);

    const statuses = new Map<string, number>();
    const failures: string[] = [];
    let sends = 0;
    let duplicates = 0;
    const started = Date.now();
    // Even batches to A, odd ones to B; every fourth batch also to the other
    // replica at the same moment (an exporter retry racing the original).
    await pool(batches, 6, async batch => {
      const primary = batch.index % 2 === 0 ? a : b;
      const other = primary === a ? b : a;
      const targets = batch.index % 4 === 3 ? [primary, other] : [primary];
      if (targets.length > 1) duplicates++;
      await Promise.all(
        targets.map(async target => {
          const attempts = await sendUntilAccepted(target.baseUrl, batch.body);
          sends += attempts.length;
          for (const attempt of attempts) {
            const key =
              attempt.status === 0
                ? `no answer (${attempt.error})`
                : String(attempt.status);
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
          }
          const last = attempts[attempts.length - 1];
          if (!last.ok)
            failures.push(
              `batch ${batch.index} → ${target.name}: ${last.status} ${
                last.error ?? ''
              }`,
            );
        }),
      );
    });
    const seconds = (Date.now() - started) / 1000;
    const spans = BATCHES * SPANS_PER_BATCH;
    report.note(
      `sent ${BATCHES} batches × ${SPANS_PER_BATCH} spans (${spans} spans, ${apps.length} apps) through A and B, ${duplicates} batches to both at once: ` +
        `${sends} requests in ${seconds.toFixed(1)} s (${Math.round(
          (spans + duplicates * SPANS_PER_BATCH) / seconds,
        )} spans/s received); answers ${JSON.stringify(
          Object.fromEntries(statuses),
        )}`,
    );
    report.check(
      failures.length === 0,
      'every batch was acknowledged by the replica it was sent to',
      failures.slice(0, 5).join('; ') || undefined,
    );

    const total = sumFigures(expected);
    for (const replica of cluster.replicas) {
      const problems = compareFigures(
        expected,
        await costsByApp(replica.baseUrl),
        `GET /costs?groupBy=app via ${replica.name}:`,
      );
      report.check(
        problems.length === 0,
        `GET /costs?groupBy=app via ${replica.name} equals the expected totals of every app`,
        problems.length
          ? problems.slice(0, 5).join('; ')
          : `${total.requests} requests, $${formatMicros(total.costMicros)}, ${
              total.inputTokens
            } input tokens`,
      );
      const perApp = new Map<string, Figures>();
      await pool(apps, 4, async app => {
        perApp.set(app.name, await appCosts(replica.baseUrl, app.name));
      });
      for (const [name, figures] of perApp)
        if (figures.requests === 0 && !expected.has(name)) perApp.delete(name);
      const appProblems = compareFigures(
        expected,
        perApp,
        `GET /apps/default/:name/costs via ${replica.name}:`,
      );
      report.check(
        appProblems.length === 0,
        `GET /apps/default/:name/costs via ${replica.name} equals the expected totals for all ${apps.length} apps`,
        appProblems.slice(0, 5).join('; ') || undefined,
      );
    }
  },
};

interface BadgeState {
  badge: string;
  state: string;
  approver?: string;
}

const grantSeenByOther: Scenario = {
  name: 'replicas: a grant through A is seen at once through B',
  async run(cluster: Cluster, report: Report) {
    const app = 'invoice-field-extractor';
    const badge = 'security-review';
    const detailUrl = (replica: string) =>
      `${cluster.replica(replica).baseUrl}/api/microapps/apps/default/${app}`;
    // nora (security steward) signs in through A; uma (a marketplace user) reads through B.
    const nora = await cluster.signIn('nora', 'A');
    const uma = await cluster.signIn('uma', 'B');
    const stateVia = async (
      replica: string,
      token: string,
    ): Promise<BadgeState | undefined> => {
      const response = await fetch(detailUrl(replica), {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!response.ok)
        throw new Error(`GET ${detailUrl(replica)}: ${response.status}`);
      const detail = (await response.json()) as { badges: BadgeState[] };
      return detail.badges.find(entry => entry.badge === badge);
    };
    const before = await stateVia('B', uma);
    report.check(
      before?.state !== 'granted',
      `before: ${badge} of ${app} is not granted (via B)`,
      `state ${before?.state}`,
    );

    const response = await fetch(`${detailUrl('A')}/badges/${badge}/grant`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${nora}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        comment:
          'System test: reviewed the SharePoint and extraction-db connectors.',
      }),
    });
    report.check(
      response.ok,
      `nora grants ${badge} on ${app} through A`,
      `${response.status}`,
    );
    const grantedAt = Date.now();

    const afterB = await stateVia('B', uma);
    const afterMs = Date.now() - grantedAt;
    report.check(
      afterB?.state === 'granted' && afterB.approver === 'user:default/nora',
      `the very next request, through B (${afterMs} ms later), shows it granted by nora`,
      `state ${afterB?.state}, approver ${afterB?.approver}`,
    );
    // A token issued by A is accepted by B too (signing keys are in the shared database).
    const noraViaB = await stateVia('B', nora);
    report.check(
      noraViaB?.state === 'granted',
      "B accepts nora's token issued by A",
    );

    // The marketplace list is each replica's own index, refreshed every refreshIntervalSeconds (5 s here).
    const listedGranted = async () => {
      const list = await fetch(
        `${cluster.replica('B').baseUrl}/api/microapps/apps?q=${app}&limit=5`,
        {
          headers: { Authorization: `Bearer ${OTLP_TOKEN}` },
        },
      );
      const page = (await list.json()) as {
        items: Array<{ name: string; badges: BadgeState[] }>;
      };
      return (
        page.items
          .find(item => item.name === app)
          ?.badges.find(entry => entry.badge === badge)?.state === 'granted'
      );
    };
    let listedMs = -1;
    for (let waited = 0; waited <= 15_000; waited += 250) {
      if (await listedGranted()) {
        listedMs = Date.now() - grantedAt;
        break;
      }
      await sleep(250);
    }
    report.check(
      listedMs >= 0,
      "B's marketplace list (GET /apps) shows the badge after its next index refresh",
      `${listedMs} ms`,
    );
  },
};

/** Times (epoch ms) of the retention job's runs in a replica's log. */
function retentionRuns(cluster: Cluster, name: string): number[] {
  const runs: number[] = [];
  for (const line of cluster.log(name).split('\n')) {
    if (!line.includes(RETENTION_RUN_LINE)) continue;
    const time = line.startsWith('{')
      ? Date.parse(JSON.parse(line).timestamp)
      : Date.parse(line.slice(0, line.indexOf(' ')));
    if (Number.isFinite(time)) runs.push(time);
  }
  return runs;
}

const inWindow = (runs: number[], from: number, to: number) =>
  runs.filter(t => t > from && t <= to).length;

const scheduledOnce: Scenario = {
  name: 'replicas: the scheduled retention job runs once per interval across the replicas',
  async run(cluster: Cluster, report: Report) {
    const names = cluster.replicas.map(r => r.name);
    for (const name of names) {
      report.check(
        cluster
          .log(name)
          .includes(`Registered scheduled task: ${RETENTION_TASK}`),
        `replica ${name} registered ${RETENTION_TASK}`,
      );
    }
    const rows = await cluster.query<{ id: string; settings_json: string }>(
      'microapps',
      'select id, settings_json from backstage_backend_tasks__tasks where id = ?',
      [RETENTION_TASK],
    );
    report.check(
      rows.length === 1 &&
        JSON.parse(rows[0].settings_json).cadence === 'PT0.05M',
      'one row for the task in the shared scheduler table (backstage_backend_tasks__tasks), cadence PT0.05M (3 s)',
    );

    const runsIn = (from: number, to: number) =>
      Object.fromEntries(
        names.map(name => [
          name,
          inWindow(retentionRuns(cluster, name), from, to),
        ]),
      );
    const total = (counts: Record<string, number>) =>
      Object.values(counts).reduce((x, y) => x + y, 0);
    // Upper bound: a run starts no earlier than its due time, and each run's
    // release moves the due time to at least the previous due time plus the
    // interval and at least the release time, so at most W/I + 2 runs can end
    // in a window of W. Each replica running the job on its own would make
    // ≈ 2·W/I. Lower bound (the job keeps running): half the nominal rate, as
    // polling on a loaded machine delays runs.
    const bounds = (ms: number) => ({
      min: Math.max(1, Math.floor(ms / INTERVAL_MS / 2)),
      max: Math.floor(ms / INTERVAL_MS) + 2,
    });
    const checkWindow = (
      label: string,
      from: number,
      to: number,
      counts: Record<string, number>,
    ) => {
      const { min, max } = bounds(to - from);
      const n = total(counts);
      report.check(
        n >= min && n <= max,
        `${label}: ${n} runs in ${((to - from) / 1000).toFixed(
          1,
        )} s (${JSON.stringify(
          counts,
        )}); one job every 3 s allows ${min}–${max}, a job per replica would make ≈ ${
          2 * Math.floor((to - from) / INTERVAL_MS)
        }`,
      );
    };

    // 1. Both replicas up.
    const t0 = Date.now();
    await sleep(21_000);
    const t1 = Date.now();
    const window1 = runsIn(t0, t1);
    checkWindow('both replicas running', t0, t1, window1);

    // 2. Stall the replica that ran it last (SIGSTOP, right after one of its
    //    runs, so that it holds no claim): the other one must take over.
    const last = names
      .map(name => ({
        name,
        at: Math.max(0, ...retentionRuns(cluster, name).filter(t => t <= t1)),
      }))
      .sort((x, y) => y.at - x.at)[0].name;
    const other = names.find(name => name !== last)!;
    const seen = retentionRuns(cluster, last).length;
    const deadline = Date.now() + 20_000;
    while (
      retentionRuns(cluster, last).length === seen &&
      Date.now() < deadline
    )
      await sleep(100);
    await sleep(300);
    cluster.freeze(last);
    let t2 = Date.now();
    let [{ ticket }] = await cluster.query<{ ticket: string | null }>(
      'microapps',
      'select current_run_ticket as ticket from backstage_backend_tasks__tasks where id = ?',
      [RETENTION_TASK],
    );
    if (ticket) {
      // Frozen in the middle of a run (it would keep its claim until the 15-minute timeout): try once more.
      cluster.thaw(last);
      await sleep(1_000);
      cluster.freeze(last);
      t2 = Date.now();
      [{ ticket }] = await cluster.query<{ ticket: string | null }>(
        'microapps',
        'select current_run_ticket as ticket from backstage_backend_tasks__tasks where id = ?',
        [RETENTION_TASK],
      );
    }
    report.note(
      `stalled replica ${last} (SIGSTOP) after its run; claim held at that moment: ${
        ticket ? 'yes' : 'no'
      }`,
    );
    await sleep(15_000);
    const t3 = Date.now();
    cluster.thaw(last);
    const window2 = runsIn(t2, t3);
    checkWindow(`replica ${last} stalled`, t2, t3, window2);
    report.check(
      window2[other] >= bounds(t3 - t2).min,
      `replica ${other} took the job over while ${last} was stalled`,
      `${window2[other]} runs`,
    );

    // 3. Both again: the stalled replica does not catch up on missed runs.
    await sleep(12_000);
    const t4 = Date.now();
    checkWindow(`replica ${last} resumed`, t3, t4, runsIn(t3, t4));

    const whole = runsIn(t0, t4);
    checkWindow('whole scenario', t0, t4, whole);
    report.check(
      names.every(name => whole[name] > 0),
      'both replicas ran the job during the scenario (each claim went to one of them, never to both)',
      JSON.stringify(whole),
    );
  },
};

export const replicaScenarios: Scenario[] = [
  concurrentIngest,
  grantSeenByOther,
  scheduledOnce,
];
