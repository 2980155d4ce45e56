/*
 * npm run bench:catalog [-- --apps 5000 --queries 600 --postgres]
 *
 * Loads generated MicroApps into a real catalog (through an entity provider,
 * processed by the MicroApp catalog module), then times marketplace queries
 * (`GET /api/microapps/apps`) over HTTP and prints p50/p95/p99 per query
 * shape. Target: p95 < 150 ms with 5,000 MicroApps.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  LIFECYCLE_STAGES,
  parseModelCatalog,
} from '@trellis/plugin-microapps-common';
import fs from 'fs';
import { AddressInfo } from 'net';
import os from 'os';
import { parse as parseYaml } from 'yaml';
import {
  EXAMPLE_MICROAPPS_CONFIG,
  startTestPortal,
  waitFor,
} from '../src/__testUtils__/startTestPortal';
import { argument, percentile } from './benchSupport';
import { generatedAppsModule, generateMicroApps } from './generateMicroApps';

const TARGET_P95_MS = 150;

async function main() {
  const appCount = argument('apps', 5000);
  const queryCount = argument('queries', 600);
  const postgres = process.argv.includes('--postgres');
  const microapps = parseYaml(
    fs.readFileSync(EXAMPLE_MICROAPPS_CONFIG, 'utf8'),
  );
  const modelIds = [
    ...parseModelCatalog(microapps.models).map(m => m.id),
    'unlisted-model',
  ];
  const entities = generateMicroApps(appCount, modelIds);

  const generatedAppsProvider = generatedAppsModule(entities);

  const database = postgres
    ? {
        client: 'pg',
        connection:
          process.env.TRELLIS_BENCH_POSTGRES_URL ??
          'postgresql://postgres@127.0.0.1:5432',
        prefix: `trellis_bench_${Date.now()}_`,
      }
    : { client: 'better-sqlite3', connection: ':memory:' };

  console.log(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(
      os.totalmem() / 2 ** 30,
    )} GiB, Node ${process.version}`,
  );
  console.log(
    `Database: ${
      postgres ? 'PostgreSQL' : 'SQLite (in memory)'
    }; MicroApps: ${appCount}; queries: ${queryCount}`,
  );

  const started = Date.now();
  const portal = await startTestPortal({
    database: { config: database },
    catalogFiles: [],
    microapps,
    extraFeatures: [generatedAppsProvider],
  });
  const { port } = portal.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const headers = { Authorization: mockCredentials.user.header() };
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers });
    if (!res.ok)
      throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };

  try {
    await waitFor(
      async () => {
        const { totalItems } = await get(
          '/api/catalog/entities/by-query?filter=kind=microapp&limit=1',
        );
        return totalItems === appCount ? true : undefined;
      },
      `the catalog to process ${appCount} MicroApps`,
      30 * 60_000,
    );
    console.log(
      `Catalog processed ${appCount} MicroApps in ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s`,
    );

    // Every stage: drafts and decommissioned apps are hidden by default.
    const everyStage = `lifecycle=${LIFECYCLE_STAGES.join(',')}`;
    const indexStart = performance.now();
    const first = await get(`/api/microapps/apps?limit=1&${everyStage}`);
    console.log(
      `Marketplace index built in ${(performance.now() - indexStart).toFixed(
        0,
      )} ms (first query; totalItems ${first.totalItems})`,
    );
    if (first.totalItems !== appCount)
      throw new Error(
        `The marketplace lists ${first.totalItems} apps, expected ${appCount}`,
      );

    const shapes: Record<string, string> = {
      'first page': '/api/microapps/apps',
      'tier=high&lifecycle=production':
        '/api/microapps/apps?tier=high&lifecycle=production',
      'q=<word>': '/api/microapps/apps?q=invoice',
      'q=<sentence> (relevance)':
        '/api/microapps/apps?q=summarize%20my%20meeting%20notes',
      'q=<two words>&sort=risk':
        '/api/microapps/apps?q=contract%20legal&sort=risk',
      'owner + dataClass':
        '/api/microapps/apps?owner=team-7&dataClass=regulated',
      'model + type + sort=newest': `/api/microapps/apps?model=${modelIds[0]}&type=summarizer&sort=newest`,
      'deep page (offset 4000)': `/api/microapps/apps?offset=4000&limit=50&${everyStage}`,
      '500 items': '/api/microapps/apps?limit=500&sort=risk',
    };
    const timings: Record<string, number[]> = Object.fromEntries(
      Object.keys(shapes).map(k => [k, []]),
    );
    const names = Object.keys(shapes);
    for (let i = 0; i < queryCount; i++) {
      const name = names[i % names.length];
      const t0 = performance.now();
      await get(shapes[name]);
      timings[name].push(performance.now() - t0);
    }

    const all = Object.values(timings)
      .flat()
      .sort((a, b) => a - b);
    console.log('\nGET /api/microapps/apps latency (ms)');
    console.log(
      `${'query'.padEnd(34)} ${'n'.padStart(5)} ${'p50'.padStart(
        7,
      )} ${'p95'.padStart(7)} ${'p99'.padStart(7)}`,
    );
    for (const [name, values] of Object.entries(timings)) {
      const sorted = values.sort((a, b) => a - b);
      console.log(
        `${name.padEnd(34)} ${String(sorted.length).padStart(5)} ${percentile(
          sorted,
          50,
        )
          .toFixed(1)
          .padStart(7)} ${percentile(sorted, 95)
          .toFixed(1)
          .padStart(7)} ${percentile(sorted, 99).toFixed(1).padStart(7)}`,
      );
    }
    const p95 = percentile(all, 95);
    console.log(
      `${'all'.padEnd(34)} ${String(all.length).padStart(5)} ${percentile(
        all,
        50,
      )
        .toFixed(1)
        .padStart(7)} ${p95.toFixed(1).padStart(7)} ${percentile(all, 99)
        .toFixed(1)
        .padStart(7)}`,
    );
    console.log(
      `\nTarget p95 < ${TARGET_P95_MS} ms: ${
        p95 < TARGET_P95_MS ? 'MET' : 'MISSED'
      } (p95 ${p95.toFixed(1)} ms)`,
    );
    process.exitCode = p95 < TARGET_P95_MS ? 0 : 1;
  } finally {
    await portal.stop();
  }
}

main()
  .catch(error => {
    console.error(error);
    process.exitCode = 1;
  })
  // The catalog's background loops keep the event loop alive after stop().
  .finally(() => process.exit());
