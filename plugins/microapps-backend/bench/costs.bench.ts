/*
 * npm run bench:costs [-- --apps 1000 --days 90 --queries 30 --no-postgres --explain]
 *
 * Loads generated MicroApps into a real catalog (through an entity provider,
 * processed by the MicroApp catalog module, as bench:catalog does), fills the
 * plugin's telemetry tables with 90 days of rollups for every app directly in
 * its database (a fill step, not what is measured), then times the cost,
 * chargeback, violation and cost-sorted marketplace queries over HTTP and
 * prints p50/p95/p99 per query shape, on SQLite and on PostgreSQL, then what
 * the reports rest on, timed alone: the in-memory copy of the daily rollups
 * and the queries still made per request (`--explain` adds a PostgreSQL
 * query plan). Target: p95 < 100 ms for every query shape.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import {
  type MicroAppEntity,
  parseModelCatalog,
  addDays,
  dayOf,
} from '@trellis/plugin-microapps-common';
import fs from 'fs';
import type { Knex } from 'knex';
import { AddressInfo } from 'net';
import os from 'os';
import { parse as parseYaml } from 'yaml';
import { DatabaseTelemetryStore } from '../src/telemetry/DatabaseTelemetryStore';
import { DailyUsageCache } from '../src/telemetry/reports/DailyUsageCache';
import { catalogCostMicros } from '../src/telemetry/ingest/catalogCost';
import {
  EXAMPLE_MICROAPPS_CONFIG,
  startTestPortal,
  waitFor,
} from '../src/__testUtils__/startTestPortal';
import { generatedAppsModule, generateMicroApps } from './generateMicroApps';
import {
  argument,
  dropDatabases,
  percentile,
  POSTGRES_URL,
  postgresReachable,
  random,
} from './benchSupport';

const TARGET_P95_MS = 100;
/** Hourly rollups are kept this long by default (retention `hourlyDays`); older hours would be deleted. */
const HOURLY_RETENTION_DAYS = 35;
/** Queries per shape before the timed ones. */
const WARMUP_QUERIES = 2;

/** Heap in use after a full garbage collection where `--expose-gc` allows one. */
function heapUsed() {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

const hex = (next: () => number, length: number) =>
  Array.from({ length }, () => Math.floor(next() * 16).toString(16)).join('');

// ------------------------------------------------------------------ fill

type Row = Record<string, string | number | null>;

/**
 * Bulk inserts in one transaction: on PostgreSQL 5,000 rows per statement as
 * one JSON parameter (`json_populate_recordset`), elsewhere multi-row
 * `insert … values (…), (…)` statements of 1,000 rows.
 */
async function bulkInsert(knex: Knex, table: string, rows: Row[]) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const names = columns.map(() => '??').join(', ');
  const isPostgres = knex.client.config.client === 'pg';
  const chunk = isPostgres ? 5000 : 1000;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  await knex.transaction(async tx => {
    for (let i = 0; i < rows.length; i += chunk) {
      const slice = rows.slice(i, i + chunk);
      if (isPostgres) {
        await tx.raw(
          `insert into ?? (${names}) select ${names} from json_populate_recordset(null::??, ?)`,
          [table, ...columns, ...columns, table, JSON.stringify(slice)],
        );
      } else {
        await tx.raw(
          `insert into ?? (${names}) values ${slice
            .map(() => tuple)
            .join(', ')}`,
          [
            table,
            ...columns,
            ...slice.flatMap(row => columns.map(column => row[column])),
          ],
        );
      }
    }
  });
}

/**
 * Usage for every app: 90 days × 1–3 models per app (usually the declared
 * ones, sometimes one more), weekday-shaped traffic of very different sizes
 * per app, costs at catalog prices; the hourly rollups for the days within
 * their retention window, spread over working hours; distinct users per app
 * and day; and a violation ledger.
 */
export async function fillTelemetry(
  knex: Knex,
  entities: MicroAppEntity[],
  models: ReturnType<typeof parseModelCatalog>,
  days: number,
  today: string,
): Promise<Record<string, number>> {
  const next = random(1234);
  const pick = <T>(values: readonly T[]): T =>
    values[Math.floor(next() * values.length)];
  const daily: Row[] = [];
  const hourly: Row[] = [];
  const users: Row[] = [];
  const violations: Row[] = [];
  const currentHour = new Date().getUTCHours();
  const violationTypes = [
    'pii_detected',
    'prompt_injection',
    'undeclared_model',
    'unapproved_model',
    'egress_blocked',
    'pii_unmasked',
  ];
  const severities = ['low', 'medium', 'high'];

  entities.forEach((entity, a) => {
    const entityRef = `microapp:default/${entity.metadata.name}`;
    const appModels = new Set(entity.spec.models.slice(0, 3));
    if (appModels.size < 3 && next() < 0.3) appModels.add(pick(models).id);
    // From a handful to thousands of requests a day.
    const scale = Math.exp(next() * 7);
    const userPool = 1 + Math.floor(next() * 40);
    for (let d = days - 1; d >= 0; d--) {
      const day = addDays(today, -d);
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      const dayFactor = weekday === 0 || weekday === 6 ? 0.2 : 1;
      for (const model of appModels) {
        const requests = Math.max(
          1,
          Math.round(scale * dayFactor * (0.6 + next() * 0.8)),
        );
        const input = requests * (300 + Math.floor(next() * 3000));
        const output = requests * (50 + Math.floor(next() * 600));
        const cached = Math.floor(input * next() * 0.3);
        const cost =
          catalogCostMicros(model, input, output, cached, models) ?? 0;
        const errors = Math.floor(requests * next() * 0.02);
        daily.push({
          entity_ref: entityRef,
          model,
          day,
          requests,
          errors,
          input_tokens: input,
          output_tokens: output,
          cached_input_tokens: cached,
          cost_micros: cost,
        });
        if (d < HOURLY_RETENTION_DAYS) {
          // Working hours 08–17 UTC, not past the current hour today.
          const hours = Array.from({ length: 10 }, (_, h) => h + 8).filter(
            h => d > 0 || h <= currentHour,
          );
          const share = hours.length ? 1 / hours.length : 0;
          hours.forEach((h, i) => {
            // The last hour takes the rounding rest, so that hours add up to the day.
            const part = (total: number) =>
              i === hours.length - 1
                ? total - Math.floor(total * share) * (hours.length - 1)
                : Math.floor(total * share);
            hourly.push({
              entity_ref: entityRef,
              model,
              hour: `${day}T${String(h).padStart(2, '0')}`,
              requests: part(requests),
              errors: part(errors),
              input_tokens: part(input),
              output_tokens: part(output),
              cached_input_tokens: part(cached),
              cost_micros: part(cost),
            });
          });
        }
      }
      const dayUsers = Math.min(userPool, 1 + Math.floor(next() * 8));
      const seen = new Set<number>();
      for (let u = 0; u < dayUsers; u++)
        seen.add(Math.floor(next() * userPool));
      for (const u of seen)
        users.push({
          entity_ref: entityRef,
          day,
          user_hash: `${a.toString(16).padStart(8, '0')}${u
            .toString(16)
            .padStart(24, '0')}`,
        });
      if (next() < 0.22) {
        const type = pick(violationTypes);
        const traceId = hex(next, 32);
        const spanId = hex(next, 16);
        violations.push({
          dedupe_key: `${traceId}${spanId}:${type}:bench`,
          entity_ref: entityRef,
          type,
          severity: pick(severities),
          rule: type === 'pii_detected' ? 'pii.email' : 'bench',
          decision: type.startsWith('pii') ? 'redact' : 'deny',
          trace_id: traceId,
          span_id: spanId,
          occurred_at: new Date(
            Date.parse(`${day}T08:00:00Z`) +
              Math.floor(next() * 10 * 3_600_000),
          ).toISOString(),
          detail: null,
          source: 'reported',
        });
      }
    }
  });

  await bulkInsert(knex, 'microapps_usage_daily', daily);
  await bulkInsert(knex, 'microapps_usage_hourly', hourly);
  await bulkInsert(knex, 'microapps_usage_users', users);
  await bulkInsert(knex, 'microapps_violations', violations);
  return {
    microapps_usage_daily: daily.length,
    microapps_usage_hourly: hourly.length,
    microapps_usage_users: users.length,
    microapps_violations: violations.length,
  };
}

// ------------------------------------------------------------------ one database

interface SetupResult {
  label: string;
  timings: Record<string, number[]>;
  /** Median ms of the store's queries run alone, without HTTP or the report around them. */
  storeQueries: Array<[string, number]>;
  plans: string[];
}

async function runSetup(
  label: string,
  database: { client: string; connection: string; prefix?: string },
  entities: MicroAppEntity[],
  models: ReturnType<typeof parseModelCatalog>,
  microapps: JsonObject,
  days: number,
  queriesPerShape: number,
  explain: boolean,
): Promise<SetupResult> {
  const generatedAppsProvider = generatedAppsModule(entities);

  const started = Date.now();
  let microappsDb: Knex | undefined;
  const portal = await startTestPortal({
    database: { config: database },
    catalogFiles: [],
    microapps,
    extraFeatures: [generatedAppsProvider],
    onDatabase: (pluginId, knex) => {
      if (pluginId === 'microapps') microappsDb = knex;
    },
  });
  const { port } = portal.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const headers = { Authorization: mockCredentials.user.header() };
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers });
    if (!res.ok)
      throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.headers.get('content-type')?.includes('json')
      ? res.json()
      : res.text();
  };

  try {
    await waitFor(
      async () => {
        const { totalItems } = await get(
          '/api/catalog/entities/by-query?filter=kind=microapp&limit=1',
        );
        return totalItems === entities.length ? true : undefined;
      },
      `the catalog to process ${entities.length} MicroApps`,
      10 * 60_000,
    );
    console.log(
      `${label}: catalog processed ${entities.length} MicroApps in ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s`,
    );

    // Fill before the marketplace index first loads, so that its 30-day figures include the rollups.
    const today = dayOf(new Date());
    const fillStart = performance.now();
    const filled = await fillTelemetry(
      microappsDb!,
      entities,
      models,
      days,
      today,
    );
    const isPostgres = database.client === 'pg';
    if (isPostgres) {
      // What autovacuum would do shortly after such a load; done now so that every run plans alike.
      for (const table of Object.keys(filled))
        await microappsDb!.raw('analyze ??', [table]);
    }
    console.log(
      `${label}: filled (not timed) ${Object.entries(filled)
        .map(([table, rows]) => `${table} ${rows.toLocaleString('en-US')}`)
        .join(', ')} rows in ${((performance.now() - fillStart) / 1000).toFixed(
        1,
      )} s${isPostgres ? ', then ANALYZE' : ''}`,
    );

    const indexStart = performance.now();
    const first = await get(
      '/api/microapps/apps?limit=1&sort=cost&lifecycle=draft,sandbox,canary,production,decommissioned',
    );
    console.log(
      `${label}: marketplace index built in ${(
        performance.now() - indexStart
      ).toFixed(0)} ms (first query; totalItems ${
        first.totalItems
      }, top 30-day cost $${first.items[0]?.cost30dUsd.toFixed(2)})`,
    );
    if (first.totalItems !== entities.length)
      throw new Error(
        `The marketplace lists ${first.totalItems} apps, expected ${entities.length}`,
      );

    const month = today.slice(0, 7);
    const from90 = addDays(today, -(days - 1));
    const next = random(99);
    const randomApp = () =>
      entities[Math.floor(next() * entities.length)].metadata.name;
    const shapes: Record<string, () => string> = {
      'costs?groupBy=app (30 d)': () => '/api/microapps/costs?groupBy=app',
      'costs?groupBy=team (30 d)': () => '/api/microapps/costs?groupBy=team',
      'costs?groupBy=costCenter (30 d)': () =>
        '/api/microapps/costs?groupBy=costCenter',
      'costs?groupBy=model (30 d)': () => '/api/microapps/costs?groupBy=model',
      [`costs?groupBy=app (${days} d)`]: () =>
        `/api/microapps/costs?groupBy=app&from=${from90}&to=${today}`,
      [`costs?groupBy=team (${days} d)`]: () =>
        `/api/microapps/costs?groupBy=team&from=${from90}&to=${today}`,
      [`costs?groupBy=costCenter (${days} d)`]: () =>
        `/api/microapps/costs?groupBy=costCenter&from=${from90}&to=${today}`,
      [`costs?groupBy=model (${days} d)`]: () =>
        `/api/microapps/costs?groupBy=model&from=${from90}&to=${today}`,
      'apps/:ns/:name/costs (random app)': () =>
        `/api/microapps/apps/default/${randomApp()}/costs`,
      'costs/chargeback.csv (this month)': () =>
        `/api/microapps/costs/chargeback.csv?month=${month}`,
      'violations?limit=50': () => '/api/microapps/violations?limit=50',
      'apps?sort=cost': () => '/api/microapps/apps?sort=cost',
    };
    // As under steady traffic to every app: today's rows were just written,
    // so every report's refresh reads them again.
    const touched = await microappsDb!('microapps_usage_daily')
      .where('day', today)
      .update({
        changed_at: microappsDb!.raw(
          isPostgres ? 'statement_timestamp()' : 'CURRENT_TIMESTAMP',
        ),
      });
    console.log(
      `${label}: ${touched.toLocaleString(
        'en-US',
      )} rollup rows of today marked as just written: every report's refresh of the in-memory rollups reads them again`,
    );
    const names = Object.keys(shapes);
    for (let i = 0; i < WARMUP_QUERIES * names.length; i++)
      await get(shapes[names[i % names.length]]());
    const timings: Record<string, number[]> = Object.fromEntries(
      names.map(name => [name, []]),
    );
    for (let i = 0; i < queriesPerShape * names.length; i++) {
      const name = names[i % names.length];
      const path = shapes[name]();
      const t0 = performance.now();
      await get(path);
      timings[name].push(performance.now() - t0);
    }

    // What the reports rest on, timed alone: the in-memory copy of the daily
    // rollups (full load, refresh, heap) and the queries still made per request.
    const store = new DatabaseTelemetryStore(microappsDb!);
    const from30 = addDays(today, -29);
    const topApps = entities
      .slice(0, 12)
      .map(entity => `microapp:default/${entity.metadata.name}`);
    const heapBefore = heapUsed();
    const cache = new DailyUsageCache({ store });
    let t0 = performance.now();
    await cache.refresh();
    const loadMs = performance.now() - t0;
    const cacheMiB = (heapUsed() - heapBefore) / 2 ** 20;
    const storeQueries: Array<[string, number]> = [
      [
        `DailyUsageCache full load (${cache.size.toLocaleString(
          'en-US',
        )} rows, ${cacheMiB.toFixed(0)} MiB of heap)`,
        loadMs,
      ],
    ];
    const storeShapes: Array<[string, () => Promise<unknown>]> = [
      [
        `DailyUsageCache refresh (re-reads ${touched.toLocaleString(
          'en-US',
        )} rows of today)`,
        () => cache.refresh(),
      ],
      [
        'dailyUsage(12 apps, 30 d) (app costs)',
        () => store.dailyUsage(from30, today, topApps),
      ],
      [
        'usersByApp(30 d) (index refresh)',
        () => store.usersByApp(from30, today),
      ],
    ];
    for (const [name, run] of storeShapes) {
      const runs: number[] = [];
      for (let i = 0; i < 6; i++) {
        t0 = performance.now();
        await run();
        if (i > 0) runs.push(performance.now() - t0);
      }
      storeQueries.push([
        name,
        percentile(
          runs.sort((a, b) => a - b),
          50,
        ),
      ]);
    }
    const plans: string[] = [];
    if (explain && isPostgres) {
      const changes = microappsDb!('microapps_usage_daily')
        .where(
          'changed_at',
          '>=',
          microappsDb!.raw("statement_timestamp() - interval '5 minutes'"),
        )
        .select('entity_ref', 'day', 'model', 'requests', 'cost_micros')
        .toSQL();
      const { rows } = await microappsDb!.raw(
        `explain (analyze, buffers) ${changes.sql}`,
        [...changes.bindings],
      );
      plans.push(
        `EXPLAIN ANALYZE of the rows a refresh reads (as dailyUsageChanges):`,
        ...rows.map((row: Record<string, string>) => `  ${row['QUERY PLAN']}`),
      );
    }
    return { label, timings, storeQueries, plans };
  } finally {
    await portal.stop();
  }
}

// ------------------------------------------------------------------ main

function printTimings({
  label,
  timings,
  storeQueries,
  plans,
}: SetupResult): boolean {
  console.log(`\n${label}: latency over HTTP (ms)`);
  console.log(
    `${'query'.padEnd(40)} ${'n'.padStart(5)} ${'p50'.padStart(
      7,
    )} ${'p95'.padStart(7)} ${'p99'.padStart(7)}  target`,
  );
  let met = true;
  for (const [name, values] of Object.entries(timings)) {
    const sorted = [...values].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    met &&= p95 < TARGET_P95_MS;
    console.log(
      `${name.padEnd(40)} ${String(sorted.length).padStart(5)} ${percentile(
        sorted,
        50,
      )
        .toFixed(1)
        .padStart(7)} ${p95.toFixed(1).padStart(7)} ${percentile(sorted, 99)
        .toFixed(1)
        .padStart(7)}  ${p95 < TARGET_P95_MS ? 'met' : 'MISSED'}`,
    );
  }
  const all = Object.values(timings)
    .flat()
    .sort((a, b) => a - b);
  console.log(
    `${'all'.padEnd(40)} ${String(all.length).padStart(5)} ${percentile(all, 50)
      .toFixed(1)
      .padStart(7)} ${percentile(all, 95).toFixed(1).padStart(7)} ${percentile(
      all,
      99,
    )
      .toFixed(1)
      .padStart(7)}`,
  );
  console.log(
    `${label}: what the reports rest on, alone (ms; the median of 5 runs, except the full load)`,
  );
  for (const [name, ms] of storeQueries)
    console.log(`  ${name.padEnd(38)} ${ms.toFixed(1).padStart(7)}`);
  for (const line of plans) console.log(line);
  return met;
}

async function main() {
  const appCount = argument('apps', 1000);
  const days = argument('days', 90);
  const queriesPerShape = argument('queries', 30);
  const withPostgres = !process.argv.includes('--no-postgres');
  const explain = process.argv.includes('--explain');
  const microapps = parseYaml(
    fs.readFileSync(EXAMPLE_MICROAPPS_CONFIG, 'utf8'),
  );
  const models = parseModelCatalog(microapps.models);
  const entities = generateMicroApps(appCount, [
    ...models.map(m => m.id),
    'unlisted-model',
  ]);

  console.log(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(
      os.totalmem() / 2 ** 30,
    )} GiB, Node ${process.version}; load average ${os
      .loadavg()
      .map(load => load.toFixed(2))
      .join(
        ' ',
      )} over 1, 5, 15 min (other work on the machine skews the figures)`,
  );
  console.log(
    `MicroApps: ${appCount} (50 teams, 50 cost centers); rollups: ${days} days × 1–3 models per app; ` +
      `${queriesPerShape} timed queries per shape after ${WARMUP_QUERIES} warm-up ones, one at a time; the marketplace index refreshes every 30 s as by default\n`,
  );

  const results: SetupResult[] = [];
  const skipped: string[] = [];
  results.push(
    await runSetup(
      'SQLite (in memory)',
      { client: 'better-sqlite3', connection: ':memory:' },
      entities,
      models,
      microapps,
      days,
      queriesPerShape,
      explain,
    ),
  );
  if (!withPostgres) {
    skipped.push('PostgreSQL: skipped (--no-postgres)');
  } else {
    const unreachable = await postgresReachable();
    if (unreachable) {
      skipped.push(
        `PostgreSQL: skipped, unreachable at ${POSTGRES_URL} (${unreachable})`,
      );
    } else {
      const prefix = `trellis_bench_costs_${Date.now()}_`;
      try {
        results.push(
          await runSetup(
            'PostgreSQL',
            { client: 'pg', connection: POSTGRES_URL, prefix },
            entities,
            models,
            microapps,
            days,
            queriesPerShape,
            explain,
          ),
        );
      } finally {
        await dropDatabases(prefix);
      }
    }
  }

  const verdicts = results.map(
    result => [result.label, printTimings(result)] as const,
  );
  console.log(`\nTarget p95 < ${TARGET_P95_MS} ms for every query shape:`);
  for (const [label, met] of verdicts)
    console.log(`  ${label}: ${met ? 'MET' : 'MISSED'}`);
  for (const line of skipped) console.log(`  ${line}`);
  process.exitCode = verdicts.every(([, met]) => met) ? 0 : 1;
}

if (require.main === module) {
  main()
    .catch(error => {
      // Database errors quote the whole statement; the start says enough.
      console.error(String(error?.stack ?? error).slice(0, 2000));
      process.exitCode = 1;
    })
    // The catalog's background loops keep the event loop alive after stop().
    .finally(() => process.exit());
}
