/*
 * Crash in the middle of an ingest run: a client sends OTLP batches to
 * replica A, four at a time, giving up on a few after 40 ms as an exporter
 * times out; after some acknowledgements A's process group is killed with
 * SIGKILL while requests are in flight. Then:
 *  - every batch A acknowledged is committed, completely; every other batch is
 *    committed completely or not at all, and only if the client gave up on it
 *    or it was in flight at the kill;
 *  - replica B reports exactly what was committed;
 *  - A restarts; the client retries every batch without an acknowledgement
 *    (including those committed without an answer) and, to be harsh, re-sends
 *    some acknowledged ones through B; the totals then equal exactly the sum
 *    of all batches: nothing lost, nothing counted twice.
 */
import { formatMicros } from '@trellis/plugin-microapps-common';
import { type Cluster, type Report, type Scenario, sleep } from './backends';
import {
  addFigures,
  compareFigures,
  costsByApp,
  exampleApps,
  type Figures,
  makeBatches,
  pool,
  postBatch,
  sendUntilAccepted,
  sumFigures,
  type Batch,
} from './otlp';

const BATCHES = 60;
const SPANS_PER_BATCH = 200;
const CONCURRENCY = 4;
/** A is killed right after this many acknowledgements. */
const KILL_AFTER_ACKS = 15;
const CLIENT_TIMEOUT_MS = 40;

function plus(
  base: Map<string, Figures>,
  batches: Batch[],
): Map<string, Figures> {
  const result = new Map<string, Figures>();
  addFigures(result, base);
  for (const batch of batches) addFigures(result, batch.figures);
  return result;
}

async function committedSpans(
  cluster: Cluster,
  batches: Batch[],
): Promise<Map<number, number>> {
  const keys = batches.flatMap(batch => batch.spanKeys);
  const rows = await cluster.query<{ span_key: string }>(
    'microapps',
    'select span_key from microapps_span_keys where span_key = any(?::text[])',
    [keys],
  );
  const present = new Set(rows.map(row => row.span_key));
  return new Map(
    batches.map(batch => [
      batch.index,
      batch.spanKeys.filter(key => present.has(key)).length,
    ]),
  );
}

const crashDuringIngest: Scenario = {
  name: 'crash: kill -9 a replica during ingest, restart, retry: every acknowledged span counted, none twice',
  async run(cluster: Cluster, report: Report) {
    const a = cluster.replica('A');
    const b = cluster.replica('B');
    const apps = exampleApps();
    const batches = makeBatches({
      apps,
      batches: BATCHES,
      spansPerBatch: SPANS_PER_BATCH,
      seed: 4242,
      firstIndex: 1000,
    });
    const byIndex = new Map(batches.map(batch => [batch.index, batch]));
    const before = await costsByApp(b.baseUrl);

    // 1. Send to A; kill it after KILL_AFTER_ACKS acknowledgements.
    const acked = new Set<number>();
    const inFlight = new Set<number>();
    let inFlightAtKill = new Set<number>();
    const firstPass = new Map<string, number>();
    let killed = false;
    // Every eighth batch the client gives up on after 40 ms (an exporter
    // timeout): the receiver may well commit it without anyone hearing the answer.
    const gaveUp = new Set<number>();
    await pool(batches, CONCURRENCY, async batch => {
      const impatient = batch.index % 8 === 5 && !killed;
      inFlight.add(batch.index);
      const result = await postBatch(
        a.baseUrl,
        batch.body,
        impatient ? CLIENT_TIMEOUT_MS : 30_000,
      );
      inFlight.delete(batch.index);
      if (impatient && !result.ok && result.status === 0)
        gaveUp.add(batch.index);
      const key =
        result.status === 0
          ? `no answer (${impatient ? 'client timeout' : result.error})`
          : String(result.status);
      firstPass.set(key, (firstPass.get(key) ?? 0) + 1);
      if (result.ok) acked.add(batch.index);
      if (!killed && acked.size >= KILL_AFTER_ACKS) {
        killed = true;
        inFlightAtKill = new Set(inFlight);
        cluster.kill9('A');
      }
    });
    await cluster.exited('A');
    // Let PostgreSQL finish a COMMIT it had received before the connection dropped.
    await sleep(1_000);
    report.note(
      `first pass: ${batches.length} batches × ${SPANS_PER_BATCH} spans to A, ${CONCURRENCY} at a time, the client giving up on ${gaveUp.size} after ${CLIENT_TIMEOUT_MS} ms; A killed (SIGKILL to its process group) ` +
        `after ${KILL_AFTER_ACKS} acknowledgements with ${
          inFlightAtKill.size
        } requests in flight; answers ${JSON.stringify(
          Object.fromEntries(firstPass),
        )}`,
    );
    report.check(
      killed && a.process?.signalCode === 'SIGKILL',
      'replica A was killed mid-run',
      `${a.process?.signalCode}`,
    );

    // 2. What the database holds now, batch by batch.
    const committed = await committedSpans(cluster, batches);
    const partial = batches.filter(
      batch => ![0, SPANS_PER_BATCH].includes(committed.get(batch.index)!),
    );
    report.check(
      partial.length === 0,
      'no batch is partly committed (one transaction per request)',
      partial.map(x => `${x.index}: ${committed.get(x.index)}`).join(', ') ||
        undefined,
    );
    const ackedMissing = [...acked].filter(
      index => committed.get(index) !== SPANS_PER_BATCH,
    );
    report.check(
      ackedMissing.length === 0,
      `every acknowledged batch (${acked.size}) is committed in full`,
      ackedMissing.join(', ') || undefined,
    );
    const committedUnacked = batches.filter(
      batch =>
        !acked.has(batch.index) &&
        committed.get(batch.index) === SPANS_PER_BATCH,
    );
    const outside = committedUnacked.filter(
      batch => !inFlightAtKill.has(batch.index) && !gaveUp.has(batch.index),
    );
    const atKill = committedUnacked.filter(batch =>
      inFlightAtKill.has(batch.index),
    ).length;
    report.check(
      outside.length === 0,
      `unacknowledged batches that were committed anyway are ones the client gave up on (${
        committedUnacked.length - atKill
      } of ${gaveUp.size}) or that were in flight at the kill (${atKill} of ${
        inFlightAtKill.size
      })`,
      outside.map(x => x.index).join(', ') || undefined,
    );
    const committedBatches = batches.filter(
      batch => committed.get(batch.index) === SPANS_PER_BATCH,
    );
    const viaB = compareFigures(
      plus(before, committedBatches),
      await costsByApp(b.baseUrl),
      'via B:',
    );
    report.check(
      viaB.length === 0,
      `while A is down, B reports exactly the committed batches (${committedBatches.length}: ${acked.size} acknowledged + ${committedUnacked.length} without an answer)`,
      viaB.slice(0, 5).join('; ') || undefined,
    );

    // 3. Restart A; retry every unacknowledged batch through it; re-send every third acknowledged one through B at the same time.
    const restartMs = await cluster.startReplica('A');
    report.note(
      `replica A restarted and serving the example apps in ${(
        restartMs / 1000
      ).toFixed(1)} s`,
    );
    const retries = batches.filter(batch => !acked.has(batch.index));
    const resends = [...acked]
      .filter((_, i) => i % 3 === 0)
      .map(index => byIndex.get(index)!);
    const retryAnswers = new Map<string, number>();
    const failed: string[] = [];
    const jobs = [
      ...retries.map(batch => ({ batch, replica: a })),
      ...resends.map(batch => ({ batch, replica: b })),
    ];
    await pool(jobs, CONCURRENCY, async ({ batch, replica }) => {
      const attempts = await sendUntilAccepted(replica.baseUrl, batch.body);
      for (const attempt of attempts) {
        const key =
          attempt.status === 0
            ? `no answer (${attempt.error})`
            : String(attempt.status);
        retryAnswers.set(key, (retryAnswers.get(key) ?? 0) + 1);
      }
      if (!attempts[attempts.length - 1].ok)
        failed.push(`${batch.index} → ${replica.name}`);
    });
    report.note(
      `retries: ${retries.length} unacknowledged batches through A (${committedUnacked.length} of them already committed), ` +
        `${
          resends.length
        } acknowledged batches re-sent through B; answers ${JSON.stringify(
          Object.fromEntries(retryAnswers),
        )}`,
    );
    report.check(
      failed.length === 0,
      'every retry and re-send was acknowledged',
      failed.join(', ') || undefined,
    );

    // 4. Exactly the sum of all batches, through both replicas.
    const expected = plus(before, batches);
    const added = sumFigures(plus(new Map(), batches));
    for (const replica of [a, b]) {
      const problems = compareFigures(
        expected,
        await costsByApp(replica.baseUrl),
        `via ${replica.name}:`,
      );
      report.check(
        problems.length === 0,
        `via ${replica.name}: totals = before + all ${BATCHES} batches, per app`,
        problems.slice(0, 5).join('; ') ||
          `+${added.requests} requests, +$${formatMicros(added.costMicros)}`,
      );
    }
    const final = await committedSpans(cluster, batches);
    const allSpans = [...final.values()].reduce((x, y) => x + y, 0);
    report.check(
      allSpans === BATCHES * SPANS_PER_BATCH,
      `all ${BATCHES * SPANS_PER_BATCH} span keys recorded once`,
      `${allSpans}`,
    );
  },
};

export const crashScenarios: Scenario[] = [crashDuringIngest];
