/*
 * System tests: real example backends on PostgreSQL.
 *
 *   npm run test:system [-- --only <words in a scenario name>]
 *
 * Starts two replicas of packages/backend (production config + PostgreSQL,
 * development sign-in on for test identities) on ports 7101 and 7102 with a
 * fresh set of databases (trellis_system_<timestamp>_<plugin>), runs every
 * scenario against them, prints a summary, stops the replicas and drops the
 * databases. Exit code 0 when every scenario passed. Without a PostgreSQL
 * server the run is skipped with a warning. See docs/RELIABILITY.md.
 */
import {
  Cluster,
  dropStaleSystemDatabases,
  EXAMPLE_APP_COUNT,
  machineLine,
  portInUse,
  POSTGRES_URL,
  probePostgres,
  Report,
  type Scenario,
} from './backends';
import { crashScenarios } from './crash';
import { ingestKeyScenarios } from './ingestKeys';
import { policyScenarioConfig, policyScenarios } from './policies';
import { replicaScenarioConfig, replicaScenarios } from './replicas';

const REPLICAS = [
  { name: 'A', port: 7101 },
  { name: 'B', port: 7102 },
];

const scenarios: Scenario[] = [
  ...replicaScenarios,
  ...ingestKeyScenarios,
  ...policyScenarios,
  ...crashScenarios,
];
async function main() {
  const onlyIndex = process.argv.indexOf('--only');
  const only =
    onlyIndex > 0 ? process.argv[onlyIndex + 1]?.toLowerCase() : undefined;
  const selected = only
    ? scenarios.filter(s => s.name.toLowerCase().includes(only))
    : scenarios;

  const postgres = await probePostgres();
  if (!postgres.major) {
    // CI must still pass where no PostgreSQL server is reachable (SQLite only);
    // .ci/run starts the machine's server when it is installed.
    console.warn(
      `SKIPPED: system tests need PostgreSQL at ${POSTGRES_URL} (set TRELLIS_SYSTEM_POSTGRES_URL): ${postgres.error}`,
    );
    process.exit(0);
  }
  for (const { port } of REPLICAS) {
    if (await portInUse(port)) {
      console.error(
        `Port ${port} is in use: the system tests run backends on ${REPLICAS.map(
          r => r.port,
        ).join(' and ')}.`,
      );
      process.exit(1);
    }
  }
  const stale = await dropStaleSystemDatabases();
  if (stale.length)
    console.log(`Dropped ${stale.length} databases left by interrupted runs`);

  console.log(`System tests on PostgreSQL ${postgres.major} (${POSTGRES_URL})`);
  console.log(machineLine());
  const cluster = new Cluster({
    replicas: REPLICAS,
    config: {
      microapps: {
        ...replicaScenarioConfig.microapps,
        ...policyScenarioConfig.microapps,
      },
    },
    label: 'system',
  });
  console.log(
    `Databases ${cluster.databasePrefix}*; logs and generated config in ${cluster.outputDir}`,
  );
  const interrupted = () => {
    console.error(
      'Interrupted: stopping the replicas and dropping the databases',
    );
    cluster.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const suiteStarted = Date.now();
  const results: Array<{
    name: string;
    ok: boolean;
    ms: number;
    error?: string;
  }> = [];
  try {
    for (const replica of cluster.replicas) {
      const ms = await cluster.startReplica(replica.name);
      console.log(
        `Replica ${replica.name} on :${
          replica.port
        } serving the ${EXAMPLE_APP_COUNT} example apps after ${(
          ms / 1000
        ).toFixed(1)} s`,
      );
    }
    for (const scenario of selected) {
      console.log(`\n▶ ${scenario.name}`);
      const report = new Report();
      const started = Date.now();
      let error: string | undefined;
      try {
        await scenario.run(cluster, report);
      } catch (e) {
        error = String((e as Error)?.stack ?? e)
          .split('\n')
          .slice(0, 6)
          .join('\n      ');
        console.log(`    ✕ ${error}`);
      }
      // A scenario must leave both replicas running for the next one.
      for (const replica of cluster.replicas) {
        const child = replica.process;
        if (!child || child.exitCode !== null || child.signalCode !== null) {
          console.log(
            `    replica ${replica.name} is down after the scenario: restarting it`,
          );
          await cluster.startReplica(replica.name);
        }
      }
      const ok = !error && report.failures.length === 0;
      results.push({
        name: scenario.name,
        ok,
        ms: Date.now() - started,
        error: error ?? report.failures.join('; '),
      });
    }
  } catch (e) {
    results.push({
      name: 'start the replicas',
      ok: false,
      ms: Date.now() - suiteStarted,
      error: String(e),
    });
    console.log(`✕ ${e}`);
  } finally {
    await cluster.stop();
  }
  const left = await cluster.databases().catch(() => []);

  console.log('\nSummary');
  for (const result of results) {
    console.log(
      `  ${result.ok ? '✓' : '✕'} ${result.name} (${(result.ms / 1000).toFixed(
        1,
      )} s)${result.ok ? '' : `\n      ${result.error}`}`,
    );
  }
  const passed = results.filter(r => r.ok).length;
  const allOk =
    passed === results.length && results.length > 0 && left.length === 0;
  if (left.length)
    console.log(
      `  ✕ ${left.length} databases were not dropped: ${left.join(', ')}`,
    );
  console.log(
    `${passed} of ${results.length} system scenarios passed in ${(
      (Date.now() - suiteStarted) /
      1000
    ).toFixed(0)} s; ` + `databases dropped; logs in ${cluster.outputDir}`,
  );
  process.exit(allOk ? 0 : 1);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
