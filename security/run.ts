/*
 * Security suite: the findings of the security review, replayed against a
 * running example backend on SQLite and, when a server answers, on
 * PostgreSQL. Then two short-lived backends with NODE_ENV=production: one
 * without `microapps.telemetry.userHashSalt` must refuse to start the plugin,
 * one with it must answer errors without stack traces.
 *
 *   npm run test:security [-- --only <words in a scenario name>] [-- --sqlite-only]
 *
 * Exit code 0 when every check passed. docs/SECURITY.md says which threat
 * each scenario covers.
 */
import { type ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  dropStaleSystemDatabases,
  machineLine,
  portInUse,
  POSTGRES_URL,
  probePostgres,
  Report,
  ROOT,
  sleep,
  waitUntil,
} from '../system/backends';
import { Api, SERVICE_TOKEN, securityCluster } from './portal';
import { SCENARIOS } from './scenarios';

const PORTS = { sqlite: 7111, postgres: 7112, production: 7113 };
const results: Array<{ name: string; ok: boolean; detail?: string }> = [];

async function runScenarios(database: 'sqlite' | 'postgres', only?: string) {
  const cluster = securityCluster(database, PORTS[database]);
  console.log(`\n=== ${database}: logs and config in ${cluster.outputDir}`);
  try {
    const ms = await cluster.startReplica('S');
    console.log(`Backend ready after ${(ms / 1000).toFixed(1)} s`);
    const api = new Api(cluster);
    for (const scenario of SCENARIOS) {
      if (only && !scenario.name.includes(only)) continue;
      console.log(`\n▶ [${database}] ${scenario.name}`);
      const report = new Report();
      let error: string | undefined;
      try {
        await scenario.run(api, report);
      } catch (e) {
        error = String((e as Error)?.stack ?? e)
          .split('\n')
          .slice(0, 4)
          .join(' | ');
        console.log(`    ✕ ${error}`);
      }
      results.push({
        name: `[${database}] ${scenario.name}`,
        ok: !error && report.failures.length === 0,
        detail: error ?? report.failures.join('; '),
      });
    }
  } finally {
    await cluster.stop();
  }
}

/** Starts the example backend with production-like settings; answers its process and log file. */
function startProductionLike(
  dir: string,
  name: string,
  env: Record<string, string>,
  config: Record<string, unknown>,
): { child: ChildProcess; logFile: string } {
  const configFile = path.join(dir, `app-config.${name}.json`);
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const logFile = path.join(dir, `${name}.log`);
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@backstage/cli/bin/backstage-cli'),
      'package',
      'start',
      '--config',
      '../../app-config.yaml',
      '--config',
      configFile,
    ],
    {
      cwd: path.join(ROOT, 'packages/backend'),
      env: { ...process.env, LOG_LEVEL: 'warn', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', log, log],
      detached: true,
    },
  );
  fs.closeSync(log);
  return { child, logFile };
}

function stopProcess(child: ChildProcess) {
  if (child.pid && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function productionChecks() {
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'trellis-security-production-'),
  );
  console.log(`\n=== production settings: logs in ${dir}`);
  const port = PORTS.production;
  const base = {
    app: { baseUrl: `http://localhost:${port}` },
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: `:${port}`,
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: SERVICE_TOKEN, subject: 'pipeline' },
          },
        ],
      },
    },
    catalog: { locations: [] },
    trellis: { exampleTraffic: { seedOnStart: false } },
  };
  const report = new Report();

  console.log(
    '\n▶ 8. a production process without microapps.telemetry.userHashSalt refuses to start',
  );
  const noSalt = startProductionLike(
    dir,
    'no-salt',
    { NODE_ENV: 'production' },
    base,
  );
  const refusal =
    'microapps.telemetry.userHashSalt must be set outside development';
  try {
    await waitUntil('the backend to give up', 240_000, async () => {
      const log = fs.readFileSync(noSalt.logFile, 'utf8');
      return (
        noSalt.child.exitCode !== null || log.includes('Backend startup failed')
      );
    });
    const log = fs.readFileSync(noSalt.logFile, 'utf8');
    const health = await fetch(
      `http://localhost:${port}/api/microapps/health`,
    ).catch(() => undefined);
    report.check(
      log.includes(refusal) && health?.status !== 200,
      'it does not start the plugin, and says what to set',
      log.includes(refusal)
        ? `/health: ${health?.status ?? 'no answer'}`
        : 'no such message in the log',
    );
  } catch (error) {
    report.check(
      false,
      'it does not start the plugin, and says what to set',
      String(error),
    );
  } finally {
    stopProcess(noSalt.child);
  }
  results.push({
    name: '[production] 8. no start without a user hash salt',
    ok: report.failures.length === 0,
    detail: report.failures.join('; '),
  });

  console.log(
    '\n▶ 8. in production (NODE_ENV=production), error bodies carry no stack trace',
  );
  const before = report.failures.length;
  while (await portInUse(port)) await sleep(500);
  const production = startProductionLike(
    dir,
    'production',
    { NODE_ENV: 'production' },
    {
      ...base,
      microapps: { telemetry: { userHashSalt: 'security-suite-salt' } },
    },
  );
  try {
    await waitUntil('the backend', 240_000, async () => {
      if (production.child.exitCode !== null) throw new Error('it exited');
      return (await fetch(`http://localhost:${port}/api/microapps/health`)).ok;
    });
    for (const url of [
      '/api/microapps/costs?from=not-a-day',
      '/api/microapps/apps/default/no-such-app',
      '/api/microapps/audit?limit=-5',
    ]) {
      const response = await fetch(`http://localhost:${port}${url}`, {
        headers: { Authorization: `Bearer ${SERVICE_TOKEN}` },
      });
      const body = (await response.json()) as any;
      report.check(
        response.status >= 400 &&
          response.status < 500 &&
          body.error?.message &&
          body.error.stack === undefined,
        `${url}: the error names the problem and has no stack`,
        `${response.status}: ${JSON.stringify(body).slice(0, 200)}`,
      );
    }
  } catch (error) {
    report.check(false, 'error bodies without stack traces', String(error));
  } finally {
    stopProcess(production.child);
  }
  results.push({
    name: '[production] 8. no stack traces in error bodies',
    ok: report.failures.length === before,
    detail: report.failures.slice(before).join('; '),
  });
}

async function main() {
  const args = process.argv.slice(2);
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
  console.log(machineLine());
  await runScenarios('sqlite', only);
  const postgres = await probePostgres();
  if (args.includes('--sqlite-only')) {
    console.log('\nPostgreSQL skipped (--sqlite-only)');
  } else if (postgres.major) {
    await dropStaleSystemDatabases();
    console.log(`\nPostgreSQL ${postgres.major} at ${POSTGRES_URL}`);
    await runScenarios('postgres', only);
  } else if (process.env.CI === 'true') {
    console.warn(
      `\nNo PostgreSQL at ${POSTGRES_URL} (${postgres.error}): the suite ran on SQLite only`,
    );
  } else {
    console.warn(
      `\nSKIPPED on PostgreSQL: none at ${POSTGRES_URL} (${postgres.error})`,
    );
  }
  if (!only) await productionChecks();

  console.log('\nSummary');
  for (const result of results) {
    console.log(
      `  ${result.ok ? '✓' : '✕'} ${result.name}${
        result.ok ? '' : ` — ${result.detail}`
      }`,
    );
  }
  const failed = results.filter(r => !r.ok).length;
  console.log(`${results.length - failed} of ${results.length} passed`);
  process.exit(failed ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
