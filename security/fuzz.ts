/*
 * Every route's parameters with hostile values: dates outside any calendar,
 * numbers JavaScript cannot hold, unicode edge cases and bytes that are not
 * UTF-8. Each answer must be a 2xx or 4xx within 2 s, and /health, polled
 * meanwhile, must answer within 100 ms at the 99th percentile and never
 * take 500 ms: no request may stall the backend. (The stalls this guards
 * against lasted seconds; a lone poll past 100 ms is the machine's
 * scheduler, not a request holding the event loop.)
 */
import { Worker } from 'worker_threads';
import type { Report } from '../system/backends';
import { type Api, FINANCE_APP } from './portal';

const DEADLINE_MS = 2_000;

/** Polls /health every 50 ms; posts each time, and all of them when told to stop. */
const HEALTH_POLLER = `
const { parentPort, workerData } = require('worker_threads');
const times = [];
let stopped = false;
parentPort.on('message', () => { stopped = true; });
(async () => {
  while (!stopped) {
    const started = performance.now();
    await fetch(workerData.url).then(r => r.text());
    const ms = performance.now() - started;
    times.push(ms);
    parentPort.postMessage(ms);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  parentPort.postMessage(times);
})();
`;
const HEALTH_P99_MS = 100;
const HEALTH_MAX_MS = 500;
/**
 * Two fuzzed requests in flight at a time: the backend is kept busy with
 * hostile input all along, and /health measures whether any of it stalls
 * the event loop (with more in flight it would measure queueing instead).
 */
const IN_FLIGHT = 2;

/** Query-string values, already percent-encoded (some are deliberately not valid UTF-8). */
const DATES = [
  '9999-12-31',
  '0000-01-01',
  '%2B010000-01-01',
  '-000001-12-31',
  '2026-02-30',
  '2026-13-01',
  '2099-12-31',
  '2100-01-01',
  '1999-12-31',
  '2026-1-1',
  encodeURIComponent('２０２６-０１-０１'),
  '2026-01-01T00:00:00Z',
  '9999-12',
  '0000-00',
];
const NUMBERS = [
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '9007199254740993',
  '0x10',
  '1.5',
  encodeURIComponent('１０'),
  '%20%207',
  '-0',
  '99999999999999999999',
];
const TEXTS = [
  '',
  '%20',
  '%00',
  '%ED%A0%BD' /* a lone surrogate as UTF-8: not valid */,
  '%C0%AF' /* overlong */,
  '%',
  '%zz',
  '%FF%FE',
  encodeURIComponent('\u202e😀'),
  encodeURIComponent('<img src=x onerror=alert(1)>'),
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent('../../etc/passwd'),
  'a'.repeat(8_000),
  encodeURIComponent('ä'.repeat(300)),
];
const ALL = [...DATES, ...NUMBERS, ...TEXTS];

const APP = `/api/microapps/apps/default/${FINANCE_APP}`;

/** Each route with the parameters it reads. */
const ROUTES: Array<{ path: string; params: string[] }> = [
  { path: '/api/microapps/models', params: ['x'] },
  {
    path: '/api/microapps/apps',
    params: [
      'q',
      'tier',
      'lifecycle',
      'badge',
      'dataClass',
      'owner',
      'model',
      'type',
      'sort',
      'order',
      'limit',
      'offset',
    ],
  },
  { path: APP, params: ['x'] },
  { path: `${APP}/gate`, params: ['stage'] },
  { path: `${APP}/kill-switch`, params: ['x'] },
  { path: `${APP}/badges/security-review.svg`, params: ['x'] },
  { path: `${APP}/badge.svg`, params: ['x'] },
  { path: `${APP}/badge-urls`, params: ['x'] },
  { path: '/api/microapps/reviews', params: ['x'] },
  { path: '/api/microapps/audit', params: ['entityRef', 'limit', 'beforeId'] },
  { path: '/api/microapps/audit/verify', params: ['x'] },
  { path: '/api/microapps/costs', params: ['groupBy', 'from', 'to'] },
  { path: '/api/microapps/costs/chargeback.csv', params: ['month'] },
  { path: `${APP}/costs`, params: ['from', 'to'] },
  {
    path: '/api/microapps/violations',
    params: ['type', 'severity', 'entityRef', 'from', 'to', 'limit', 'offset'],
  },
  {
    path: `${APP}/violations`,
    params: ['type', 'severity', 'from', 'to', 'limit', 'offset'],
  },
];

/** Path segments standing for an app's namespace or name. */
const PATH_VALUES = [
  '%00',
  '%ED%A0%BD',
  '..',
  '%2e%2e',
  'a'.repeat(300),
  '%20',
  encodeURIComponent('😀'),
  '%',
];

function requests(): string[] {
  const urls: string[] = [];
  for (const route of ROUTES) {
    for (const param of route.params) {
      for (const value of ALL) urls.push(`${route.path}?${param}=${value}`);
    }
    // Every parameter at once, and a parameter given twice.
    urls.push(
      `${route.path}?${route.params.map(p => `${p}=9999-12-31`).join('&')}`,
    );
    urls.push(`${route.path}?${route.params[0]}=1&${route.params[0]}=2`);
  }
  for (const value of PATH_VALUES) {
    urls.push(`/api/microapps/apps/default/${value}`);
    urls.push(`/api/microapps/apps/${value}/${FINANCE_APP}/costs`);
    urls.push(`/api/microapps/public/badges/${value}/badge.svg`);
  }
  // The date ranges that used to hang the process, in every combination.
  for (const from of DATES) {
    for (const to of DATES.slice(0, 6)) {
      urls.push(`/api/microapps/costs?from=${from}&to=${to}`);
      urls.push(`/api/microapps/violations?from=${from}&to=${to}`);
    }
  }
  return urls;
}

/** Resolves once /health has answered within 50 ms for 10 s in a row (at most 3 minutes). */
async function settled(healthUrl: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  let calmSince = Date.now();
  while (Date.now() - calmSince < 10_000 && Date.now() < deadline) {
    const started = performance.now();
    await fetch(healthUrl).then(r => r.text());
    if (performance.now() - started >= 50) calmSince = Date.now();
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[
      Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
    ] ?? 0
  );
}

export async function fuzzRoutes(api: Api, report: Report): Promise<void> {
  const urls = requests();
  const token = await api.token('alice');
  const failures: string[] = [];
  const durations: number[] = [];

  // Measure the backend under hostile input, not its start: wait until the
  // catalog's first ingestion is over (on SQLite its queries hold the event
  // loop), then warm each route up with a plain value.
  await settled(`${api.baseUrl}/api/microapps/health`);
  for (const route of ROUTES) {
    await fetch(`${api.baseUrl}${route.path}?${route.params[0]}=1`, {
      headers: { Authorization: `Bearer ${token}` },
    }).then(r => r.arrayBuffer());
  }

  // /health is polled from a thread of its own, so that the suite's own work
  // on the fuzz answers does not count as the backend's latency.
  const inFlight = new Set<string>();
  const healthSpikes: string[] = [];
  const poller = new Worker(HEALTH_POLLER, {
    eval: true,
    workerData: { url: `${api.baseUrl}/api/microapps/health` },
  });
  // The poller's own first requests (a new thread's first fetch) are not
  // the backend's: the fuzzing starts after ten polls, and is measured from there.
  let polls = 0;
  let fuzzStartsAt = Infinity;
  let pollerWarm: () => void = () => {};
  const pollerWarmed = new Promise<void>(resolve => (pollerWarm = resolve));
  const healthTimes = new Promise<number[]>(resolve =>
    poller.on('message', (message: number | number[]) => {
      if (Array.isArray(message)) {
        resolve(message.slice(fuzzStartsAt));
        return;
      }
      polls += 1;
      if (polls === 10) pollerWarm();
      if (polls > fuzzStartsAt && message >= HEALTH_P99_MS / 2) {
        healthSpikes.push(
          `${message.toFixed(0)} ms, around ${[...inFlight]
            .map(url => url.slice(0, 100))
            .join(' | ')}`,
        );
      }
    }),
  );

  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const url = urls[next++];
      const started = performance.now();
      inFlight.add(url);
      try {
        const response = await fetch(`${api.baseUrl}${url}`, {
          headers: { Authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(DEADLINE_MS),
        });
        await response.arrayBuffer();
        const ms = performance.now() - started;
        durations.push(ms);
        if (response.status >= 500)
          failures.push(`${response.status} ${url.slice(0, 160)}`);
      } catch (error) {
        failures.push(
          `no answer within ${DEADLINE_MS} ms (${
            (error as Error).name
          }): ${url.slice(0, 160)}`,
        );
      } finally {
        inFlight.delete(url);
      }
    }
  };
  await pollerWarmed;
  fuzzStartsAt = polls;
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  poller.postMessage('stop');
  const healthMs = await healthTimes;
  await poller.terminate();

  report.check(
    failures.length === 0,
    `${urls.length} fuzzed requests over ${ROUTES.length} routes answered 2xx or 4xx within ${DEADLINE_MS} ms`,
    failures.length
      ? `${failures.length} failed, e.g. ${failures.slice(0, 5).join('; ')}`
      : `p50 ${percentile(durations, 50).toFixed(0)} ms, p99 ${percentile(
          durations,
          99,
        ).toFixed(0)} ms, max ${Math.max(...durations).toFixed(0)} ms`,
  );
  const slowest = Math.max(...healthMs);
  const p99 = percentile(healthMs, 99);
  for (const spike of healthSpikes) report.note(`slow /health: ${spike}`);
  report.check(
    p99 < HEALTH_P99_MS && slowest < HEALTH_MAX_MS,
    `/health answered within ${HEALTH_P99_MS} ms at p99 and ${HEALTH_MAX_MS} ms at most (${healthMs.length} polls)`,
    `p50 ${percentile(healthMs, 50).toFixed(1)} ms, p99 ${p99.toFixed(
      1,
    )} ms, max ${slowest.toFixed(1)} ms`,
  );
}
