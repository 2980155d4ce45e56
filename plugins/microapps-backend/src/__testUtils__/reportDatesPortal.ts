/*
 * A real backend for the date parameters of the cost and violation routes,
 * with usage and violations of one example app on the first and the last
 * day of the reporting window and today, and a request helper that notices
 * a request spinning the event loop.
 */
import {
  mockCredentials,
  type TestDatabaseId,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import {
  EARLIEST_DAY,
  isDay,
  isMonth,
  LATEST_DAY,
} from '@trellis/plugin-microapps-common';
import fs from 'fs';
import type { Knex } from 'knex';
import path from 'path';
import request from 'supertest';
import { Worker } from 'worker_threads';
import { parse as parseYaml } from 'yaml';
import {
  EXAMPLE_MICROAPPS_CONFIG,
  EXAMPLES_DIR,
  startTestPortal,
  waitFor,
} from './startTestPortal';

const microappsConfig = parseYaml(
  fs.readFileSync(EXAMPLE_MICROAPPS_CONFIG, 'utf8'),
);
const user = { Authorization: mockCredentials.user.header() };

/** An example app (examples/microapps/finance-ops.yaml). */
export const APP = 'invoice-field-extractor';
export const APP_REF = `microapp:default/${APP}`;
/** How long one request may take. */
const REQUEST_TIMEOUT_MS = 5_000;
/** How long the event loop may stand still during a request. */
const BLOCKED_LIMIT_MS = 15_000;

export const ROUTES = [
  '/costs',
  '/costs/chargeback.csv',
  '/violations',
  `/apps/default/${APP}/costs`,
  `/apps/default/${APP}/violations`,
] as const;
export type Route = (typeof ROUTES)[number];

/** A query parameter: left out, given once, repeated, or as an object (`from[x]=`). */
export type Param = undefined | string | string[] | { [key: string]: string };
export type Query = Partial<
  Record<'from' | 'to' | 'month' | 'limit' | 'offset', Param>
>;

/**
 * Percent-encodes any JavaScript string, lone surrogates included (as their
 * WTF-8 bytes, which no decoder accepts), where encodeURIComponent throws.
 */
function encodePart(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += [
        0xe0 | (code >> 12),
        0x80 | ((code >> 6) & 0x3f),
        0x80 | (code & 0x3f),
      ]
        .map(byte => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[i]);
    }
  }
  return out;
}

export function queryString(query: Query, raw = ''): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value === 'string') parts.push(`${name}=${encodePart(value)}`);
    else if (Array.isArray(value))
      for (const item of value) parts.push(`${name}=${encodePart(item)}`);
    else
      for (const [key, item] of Object.entries(value))
        parts.push(`${name}[${encodePart(key)}]=${encodePart(item)}`);
  }
  if (raw) parts.push(raw);
  return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * The backend runs in this process: a request that spins the event loop
 * blocks the test too, and no timeout fires. A watchdog on its own thread
 * then ends the process with a message rather than leave the run hanging.
 */
function startWatchdog(limitMs: number) {
  const beat = new BigInt64Array(new SharedArrayBuffer(8));
  const touch = () => Atomics.store(beat, 0, BigInt(Date.now()));
  touch();
  const worker = new Worker(
    `
    const { workerData, parentPort } = require('worker_threads');
    const fs = require('fs');
    let armed = null;
    parentPort.on('message', what => { armed = what; });
    setInterval(() => {
      if (armed === null) return;
      const still = Date.now() - Number(Atomics.load(workerData.beat, 0));
      if (still > workerData.limitMs) {
        fs.writeSync(2, '\\nreportsRouter.dates.test: the event loop stood still for ' +
          still + ' ms during ' + armed + ': a synchronous loop that does not end. Killing the test process.\\n');
        process.kill(process.pid, 'SIGKILL');
      }
    }, 250);
    `,
    { eval: true, workerData: { beat, limitMs } },
  );
  worker.unref();
  const heartbeat = setInterval(touch, 100);
  heartbeat.unref();
  return {
    arm(what: string) {
      touch();
      worker.postMessage(what);
    },
    disarm() {
      worker.postMessage(null);
    },
    async stop() {
      clearInterval(heartbeat);
      await worker.terminate();
    },
  };
}

/** Usage and violations on the window's edges and today. */
async function seedWindowEdges(microappsDb: Knex) {
  const today = new Date().toISOString().slice(0, 10);
  const usageDays = [EARLIEST_DAY, '2000-01-31', LATEST_DAY, today];
  await microappsDb('microapps_usage_daily').insert(
    usageDays.map(day => ({
      entity_ref: APP_REF,
      model: 'gpt-4o-mini',
      day,
      requests: 2,
      errors: 0,
      input_tokens: 100,
      output_tokens: 50,
      cached_input_tokens: 0,
      cost_micros: 1_500_000,
      changed_at: microappsDb.fn.now(),
    })),
  );
  const occurredAt = [
    `${EARLIEST_DAY}T00:00:00.000Z`,
    `${LATEST_DAY}T23:59:59.000Z`,
    new Date().toISOString(),
  ];
  await microappsDb('microapps_violations').insert(
    occurredAt.map((time, index) => ({
      dedupe_key: `dates-test-${index}`,
      entity_ref: APP_REF,
      type: 'quota_exceeded',
      severity: 'low',
      occurred_at: time,
      source: 'reported',
    })),
  );
}

async function startDatesPortal(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  let microappsDb: Knex | undefined;
  const portal = await startTestPortal({
    database: { databases, databaseId },
    catalogFiles: [
      path.join(EXAMPLES_DIR, 'org.yaml'),
      path.join(EXAMPLES_DIR, 'microapps', '*.yaml'),
    ],
    microapps: microappsConfig,
    onDatabase: (pluginId, knex) => {
      if (pluginId === 'microapps') microappsDb = knex;
    },
  });
  return {
    ...portal,
    /** Waits for the example app, then puts in its usage and violations. */
    async seed() {
      await waitFor(async () => {
        const res = await request(portal.server)
          .get(`/api/microapps/apps/default/${APP}`)
          .set(user);
        return res.status === 200 ? true : undefined;
      }, `${APP} in the catalog`);
      await seedWindowEdges(microappsDb!);
    },
  };
}

/** The answer is a 2xx or a 4xx; a 400 says which parameter is wrong. */
function checkAnswered(
  route: Route,
  query: Query,
  raw: string,
  res: request.Response,
) {
  const what = `GET ${route}${queryString(query, raw)} → ${res.status} ${
    res.text
  }`;
  if (
    res.status < 200 ||
    res.status >= 500 ||
    (res.status >= 300 && res.status < 400)
  )
    throw new Error(`Not a 2xx or 4xx: ${what}`);
  // A date given once that is not in the window is a 400 naming it.
  const named: Array<[keyof Query, (value: string) => boolean]> =
    route === '/costs/chargeback.csv'
      ? [['month', isMonth]]
      : [
          ['from', isDay],
          ['to', isDay],
        ];
  for (const [name, valid] of named) {
    const value = query[name];
    if (typeof value === 'string' && !raw && !valid(value)) {
      if (res.status !== 400 || !res.text.includes(`${name}: must be`))
        throw new Error(`Expected a 400 naming ${name}: ${what}`);
    }
  }
}

/**
 * Starts the portal (and the watchdog) before the enclosing `describe`
 * block's tests and stops them after, on the given database.
 */
export function useReportDatesPortal(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  let server: Awaited<ReturnType<typeof startTestPortal>>['server'];
  let stop: () => Promise<void>;
  let watchdog: ReturnType<typeof startWatchdog>;

  beforeAll(async () => {
    watchdog = startWatchdog(BLOCKED_LIMIT_MS);
    const portal = await startDatesPortal(databases, databaseId);
    server = portal.server;
    stop = portal.stop;
    await portal.seed();
  });

  afterAll(async () => {
    await stop?.();
    await watchdog?.stop();
  });

  const get = async (route: Route | string, query: Query, raw = '') => {
    const url = `/api/microapps${route}${queryString(query, raw)}`;
    watchdog.arm(`GET ${url}`);
    try {
      return await request(server).get(url).set(user).timeout({
        response: REQUEST_TIMEOUT_MS,
        deadline: REQUEST_TIMEOUT_MS,
      });
    } catch (error) {
      throw new Error(`GET ${url}: ${error}`);
    } finally {
      watchdog.disarm();
    }
  };

  /** The answer is a 2xx or a 4xx; a 400 says which parameter is wrong. */
  const expectAnswered = async (
    route: Route,
    query: Query,
    raw = '',
  ): Promise<request.Response> => {
    const res = await get(route, query, raw);
    checkAnswered(route, query, raw, res);
    return res;
  };

  return { get, expectAnswered };
}
