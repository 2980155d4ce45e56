/*
 * The date parameters of the cost and violation routes, fuzzed on a real
 * backend: whatever `from`, `to`, `month`, `limit` and `offset` hold, every
 * answer is a 2xx or a 4xx, soon. Days beyond four-digit years once made the
 * day loops spin for ever (`addDays('9999-12-31', 1)` gave `+010000-01`), and
 * on PostgreSQL reached the violation queries as invalid dates (a 500).
 */
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  addDays,
  EARLIEST_DAY,
  isDay,
  isMonth,
  LATEST_DAY,
} from '@trellis/plugin-microapps-common';
import fc from 'fast-check';
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
} from '../../__testUtils__/startTestPortal';

jest.setTimeout(180_000);

const microappsConfig = parseYaml(
  fs.readFileSync(EXAMPLE_MICROAPPS_CONFIG, 'utf8'),
);
const user = { Authorization: mockCredentials.user.header() };
const databases = TestDatabases.create();

/** An example app (examples/microapps/finance-ops.yaml). */
const APP = 'invoice-field-extractor';
const APP_REF = `microapp:default/${APP}`;
/** How long one request may take. */
const REQUEST_TIMEOUT_MS = 5_000;
/** How long the event loop may stand still during a request. */
const BLOCKED_LIMIT_MS = 15_000;
const FUZZ_RUNS = 1_000;

const ROUTES = [
  '/costs',
  '/costs/chargeback.csv',
  '/violations',
  `/apps/default/${APP}/costs`,
  `/apps/default/${APP}/violations`,
] as const;
type Route = (typeof ROUTES)[number];

/** A query parameter: left out, given once, repeated, or as an object (`from[x]=`). */
type Param = undefined | string | string[] | { [key: string]: string };
type Query = Partial<
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

function queryString(query: Query, raw = ''): string {
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

// What the date parameters are made of.

const YEARS = [
  '0000',
  '0001',
  '0999',
  '1969',
  '1970',
  '1999',
  '2000',
  '2026',
  '2028',
  '2099',
  '2100',
  '9999',
  '+010000',
  '-000001',
  '+275760',
  '-271821',
];
const MONTHS = ['00', '01', '02', '09', '12', '13', '1', '99'];
const DAYS = ['00', '01', '28', '29', '30', '31', '32', '1'];
const ODD_UNITS = [
  '\uD800', // lone high surrogate
  '\uDBFF',
  '\uDC00', // lone low surrogate
  '\uDFFF',
  '\u0000',
  '\u200F', // right-to-left mark
  '\u200E',
  '\u202E', // right-to-left override
  '\u061C',
  '\uFEFF',
  '\u00A0',
  '\uFF10', // full-width 0
  '\uFF12',
  '\uFF0D', // full-width hyphen-minus
  '\u0662', // Arabic-Indic 2
  '\u06F0',
  '\u0966', // Devanagari 0
  '\u2212', // minus sign
  '\u{1D7CE}', // mathematical bold digit 0
  '-',
  '+',
  ' ',
  '%',
  '&',
  '=',
  '#',
  '[',
  ']',
  'T',
  'Z',
  '\n',
  '\t',
];
const SPECIAL_DAYS = [
  EARLIEST_DAY,
  LATEST_DAY,
  '1999-12-31',
  '2100-01-01',
  '0000-01-01',
  '0000-01-31',
  '9999-12-01',
  '9999-12-31',
  '+010000-01-01',
  '-000001-12-31',
  '2026-02-29',
  '2028-02-29',
  '',
  ' 2026-01-01',
  '2026-1-1',
  '٢٠٢٦-٠١-٠١',
  '２０２６-０１-０１',
  '2026-01-01\u0000',
  '\u200F2026-01-01',
  '2026-01-01T00:00:00Z',
  'NaN',
  'undefined',
  'null',
];

const oddUnit = fc.constantFrom(...ODD_UNITS);
const windowDays = 36_525;
const dayInWindow = fc
  .integer({ min: 0, max: windowDays - 1 })
  .map(offset => addDays(EARLIEST_DAY, offset));
const dayNearEdges = fc.oneof(
  fc.integer({ min: 0, max: 45 }).map(offset => addDays(EARLIEST_DAY, offset)),
  fc.integer({ min: 0, max: 45 }).map(offset => addDays(LATEST_DAY, -offset)),
);
const extremeDay = fc
  .tuple(
    fc.constantFrom(...YEARS),
    fc.constantFrom(...MONTHS),
    fc.constantFrom(...DAYS),
  )
  .map(parts => parts.join('-'));
const anyTimeDay = fc
  .date({
    min: new Date(-8.64e15),
    max: new Date(8.64e15),
    noInvalidDate: true,
  })
  .chain(date =>
    fc
      .constantFrom(7, 10, 13, 24)
      .map(length => date.toISOString().slice(0, length)),
  );
/** A day or month with an odd character put in, or one of its characters replaced. */
const mutated = (text: fc.Arbitrary<string>) =>
  fc
    .tuple(text, fc.nat(), oddUnit, fc.boolean())
    .map(([value, at, unit, replace]) => {
      const i = at % (value.length + 1);
      return value.slice(0, i) + unit + value.slice(replace ? i + 1 : i);
    });
const anyText = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.oneof(oddUnit, fc.constantFrom(...'0123456789-')) }),
);
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('1e309', '-0', '0x10', '1_000', '9007199254740993'),
);
const dayText = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL_DAYS), weight: 3 },
  { arbitrary: dayInWindow, weight: 2 },
  { arbitrary: dayNearEdges, weight: 2 },
  { arbitrary: extremeDay, weight: 3 },
  { arbitrary: anyTimeDay, weight: 2 },
  { arbitrary: mutated(dayInWindow), weight: 2 },
  { arbitrary: anyText, weight: 2 },
  { arbitrary: numberText, weight: 1 },
);
const monthText = fc.oneof(
  dayText.map(day => day.slice(0, 7)),
  dayText.map(day => day.replace(/-[^-]*$/, '')),
  fc
    .tuple(fc.constantFrom(...YEARS), fc.constantFrom(...MONTHS))
    .map(parts => parts.join('-')),
  mutated(dayInWindow.map(day => day.slice(0, 7))),
);
const countText = fc.oneof(
  numberText,
  fc.integer({ min: -2, max: 1_000_002 }).map(String),
  fc.constantFrom('', ' 1', '٣', '１', '50\u0000', 'Infinity'),
  anyText,
);
const param = (text: fc.Arbitrary<string>): fc.Arbitrary<Param> =>
  fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    { arbitrary: text, weight: 6 },
    { arbitrary: fc.array(text, { minLength: 2, maxLength: 3 }), weight: 1 },
    { arbitrary: fc.dictionary(fc.string({ maxLength: 3 }), text), weight: 1 },
  );

/** A day as `Date` writes it, beyond four-digit years too (`+010000-01-01`). */
const isoDay = (daysSinceEpoch: number) =>
  new Date(daysSinceEpoch * 86_400_000).toISOString().split('T')[0];
/** Days since 1970-01-01 of the first day of a year. */
const yearStart = (year: number) =>
  new Date(0).setUTCFullYear(year, 0, 1) / 86_400_000;
const near = (day: number) => fc.integer({ min: day - 450, max: day + 450 });
/**
 * A period that holds together (`from` before `to`, at most a little over
 * 400 days, or the month of its start), around the window's edges, the
 * first and last four-digit years, or anywhere `Date` reaches.
 */
const periodQuery = fc
  .record({
    start: fc.oneof(
      near(yearStart(2000)),
      near(yearStart(2100)),
      near(yearStart(0)),
      near(yearStart(10000)),
      fc.integer({ min: -100_000_000, max: 100_000_000 - 500 }),
    ),
    length: fc.integer({ min: 0, max: 420 }),
    leaveOut: fc.constantFrom('none', 'from', 'to'),
  })
  .map(
    ({ start, length, leaveOut }): Query => ({
      from: leaveOut === 'from' ? undefined : isoDay(start),
      to: leaveOut === 'to' ? undefined : isoDay(start + length),
      month: isoDay(start).replace(/-[0-9]+$/, ''),
    }),
  );
const requests = fc.record({
  route: fc.constantFrom(...ROUTES),
  query: fc.oneof(
    periodQuery,
    fc.record({
      from: param(dayText),
      to: param(dayText),
      month: param(monthText),
      limit: param(countText),
      offset: param(countText),
    }),
  ),
  raw: fc.oneof(
    { arbitrary: fc.constant(''), weight: 8 },
    {
      arbitrary: fc.constantFrom(
        'from=%',
        'to=%E0%A4%A',
        'month=%ED%A0%80',
        'from=2026-01-01%00',
        'from',
        'to=',
        '=2026-01-01',
        '%5B%5D=1',
      ),
      weight: 2,
    },
  ),
});

describe.each(databases.eachSupportedId())(
  'date parameters of the cost and violation routes (%s)',
  databaseId => {
    let server: Awaited<ReturnType<typeof startTestPortal>>['server'];
    let stop: () => Promise<void>;
    let microappsDb: Knex;
    let watchdog: ReturnType<typeof startWatchdog>;
    const today = new Date().toISOString().slice(0, 10);

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
      return res;
    };

    beforeAll(async () => {
      watchdog = startWatchdog(BLOCKED_LIMIT_MS);
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
      server = portal.server;
      stop = portal.stop;
      await waitFor(async () => {
        const res = await request(server)
          .get(`/api/microapps/apps/default/${APP}`)
          .set(user);
        return res.status === 200 ? true : undefined;
      }, `${APP} in the catalog`);

      // Usage and violations on the window's edges and today.
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
    });

    afterAll(async () => {
      await stop?.();
      await watchdog?.stop();
    });

    it.each(ROUTES)(
      'answers %s for days and months outside the window with a 400',
      async route => {
        const outside = [
          '1999-12-31',
          '2100-01-01',
          '0000-01-01',
          '9999-12-31',
          '+010000-01-01',
          '-000001-12-31',
        ];
        const queries: Query[] = [
          { from: '9999-12-01', to: '9999-12-31' },
          { from: '0000-01-01', to: '0000-01-31' },
          { month: '9999-12' },
          { month: '0000-01' },
          { month: '1999-12' },
          { month: '2100-01' },
          ...outside.flatMap(day => [{ from: day }, { to: day }]),
        ];
        for (const query of queries) {
          const res = await expectAnswered(route, query);
          const checked =
            route === '/costs/chargeback.csv'
              ? query.month !== undefined
              : query.from !== undefined || query.to !== undefined;
          expect(res.status).toBe(checked ? 400 : 200);
        }
        const res = await get(route, { from: '1999-12-31', month: '2100-01' });
        const [name, window] =
          route === '/costs/chargeback.csv'
            ? ['month', 'from 2000-01 to 2099-12']
            : ['from', 'from 2000-01-01 to 2099-12-31'];
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(`${name}: must be`);
        expect(res.body.error.message).toContain(window);
      },
    );

    it.each(ROUTES)('answers %s for the window’s own edges', async route => {
      const queries: Query[] = [
        { from: EARLIEST_DAY, to: EARLIEST_DAY },
        { from: EARLIEST_DAY, to: '2000-01-31' },
        { to: '2000-01-10' },
        { from: '2000-01-05', to: '2000-01-20' },
        { from: '2099-12-01', to: LATEST_DAY },
        { from: LATEST_DAY, to: LATEST_DAY },
        { from: addDays(LATEST_DAY, -399), to: LATEST_DAY },
        { month: '2000-01' },
        { month: '2099-12' },
      ];
      for (const query of queries) {
        const res = await expectAnswered(route, query);
        expect(res.status).toBe(200);
      }
    });

    it('cuts the default and the previous period at the window’s start', async () => {
      const whole = await get('/costs', {
        from: EARLIEST_DAY,
        to: '2000-01-31',
      });
      expect(whole.status).toBe(200);
      expect(whole.body).toMatchObject({
        from: EARLIEST_DAY,
        to: '2000-01-31',
        previousFrom: EARLIEST_DAY,
        previousTo: '1999-12-31',
        totalUsd: 3,
        previousTotalUsd: 0,
        changePct: null,
      });

      const byDefault = await get('/costs', { to: '2000-01-10' });
      expect(byDefault.body).toMatchObject({
        from: EARLIEST_DAY,
        to: '2000-01-10',
        totalUsd: 1.5,
      });

      const shorter = await get(`/apps/default/${APP}/costs`, {
        from: '2000-01-05',
        to: '2000-01-31',
      });
      expect(shorter.status).toBe(200);
      expect(shorter.body).toMatchObject({
        totalUsd: 1.5,
        previous: { from: EARLIEST_DAY, to: '2000-01-04', totalUsd: 1.5 },
      });

      const last = await get(`/apps/default/${APP}/costs`, {
        from: '2099-12-01',
        to: LATEST_DAY,
      });
      expect(last.body).toMatchObject({
        totalUsd: 1.5,
        previous: { from: '2099-10-31', to: '2099-11-30', totalUsd: 0 },
      });
    });

    it('finds violations on the first and the last day of the window', async () => {
      for (const day of [EARLIEST_DAY, LATEST_DAY]) {
        const res = await get('/violations', { from: day, to: day });
        expect(res.status).toBe(200);
        expect(res.body.totalItems).toBe(1);
        expect(res.body.series).toEqual([
          { date: day, type: 'quota_exceeded', count: 1 },
        ]);
      }
    });

    it('bills the first and the last month of the window', async () => {
      for (const month of ['2000-01', '2099-12']) {
        const res = await get('/costs/chargeback.csv', { month });
        expect(res.status).toBe(200);
        expect(res.text).toContain(`${month},`);
        expect(res.text).toContain(APP_REF);
      }
    });

    it('answers any date parameters with a 2xx or a 4xx', async () => {
      const statuses = new Set<number>();
      await fc.assert(
        fc.asyncProperty(requests, async ({ route, query, raw }) => {
          statuses.add((await expectAnswered(route, query, raw)).status);
        }),
        { numRuns: FUZZ_RUNS },
      );
      // Both the reports and the validation were reached.
      expect(statuses).toContain(200);
      expect(statuses).toContain(400);
    });
  },
);
