/*
 * System-test harness: real example backends (packages/backend, started with
 * `backstage-cli package start`) on PostgreSQL, as separate processes on
 * their own ports, sharing one set of databases.
 *
 * Configuration: app-config.yaml + app-config.production.yaml (PostgreSQL from
 * POSTGRES_*, production auth settings) + a generated file with what the tests
 * need: a fresh database prefix per run, a static OTLP token, no example
 * traffic, example catalog paths relative to packages/backend, short
 * refresh and job intervals, and `auth.environment: development` so that the
 * tests can sign in as example users (of the production security settings,
 * only the development sign-in is switched back on). One more generated file
 * per replica sets its port. docs/RELIABILITY.md lists every difference.
 */
import { type ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import knexFactory, { type Knex } from 'knex';

export const ROOT = path.resolve(__dirname, '..');
const BACKEND_DIR = path.join(ROOT, 'packages', 'backend');
const BACKSTAGE_CLI = path.join(
  ROOT,
  'node_modules',
  '@backstage',
  'cli',
  'bin',
  'backstage-cli',
);

/** The server the system tests and the load benchmark use. */
export const POSTGRES_URL =
  process.env.TRELLIS_SYSTEM_POSTGRES_URL ??
  process.env.TRELLIS_TEST_POSTGRES_URL ??
  'postgresql://postgres@127.0.0.1:5432';

/** The static external-access token micro-apps would export OTLP with. */
export const OTLP_TOKEN = 'trellis-system-tests-otlp-token-5f0c2a';

export interface ExampleApp {
  name: string;
  models: string[];
}

/** The example MicroApps with the models their manifests declare. */
export function exampleApps(): ExampleApp[] {
  const dir = path.join(ROOT, 'examples', 'microapps');
  const apps: ExampleApp[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort()) {
    for (const doc of parseAllDocuments(
      fs.readFileSync(path.join(dir, file), 'utf8'),
    )) {
      const entity = doc.toJS();
      if (entity?.kind === 'MicroApp')
        apps.push({
          name: entity.metadata.name,
          models: entity.spec.models ?? [],
        });
    }
  }
  return apps;
}

/** How many MicroApps a ready replica lists: those of examples/microapps (33). */
export const EXAMPLE_APP_COUNT = exampleApps().length;

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));

export function portInUse(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(true));
    server.listen(port, () => server.close(() => resolve(false)));
  });
}

/** Thrown by a `waitUntil` check to stop waiting at once. */
export class GiveUp extends Error {}

export async function waitUntil(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${
          lastError ? ` (last error: ${lastError})` : ''
        }`,
      );
    }
    await sleep(500);
  }
}

/** Whether a PostgreSQL server answers; its major version if so. */
export async function probePostgres(
  url = POSTGRES_URL,
): Promise<{ major?: number; error?: string }> {
  try {
    return await withPostgres(async knex => {
      const { rows } = await knex.raw('show server_version_num');
      return { major: Math.floor(Number(rows[0].server_version_num) / 10000) };
    }, url);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export interface ClusterOptions {
  /** Names and ports of the replicas, e.g. [{ name: 'A', port: 7101 }]. */
  replicas: Array<{ name: string; port: number }>;
  /** 'postgres' (production config, the default) or 'sqlite' (app-config.yaml alone: in-memory SQLite; one replica). */
  database?: 'postgres' | 'sqlite';
  /** Extra configuration merged over the generated system-test file. */
  config?: Record<string, unknown>;
  /** Log level of the backends (info by default: the scheduler tests read info lines). */
  logLevel?: string;
  /** A label for the log folder, e.g. 'system' or 'bench'. */
  label?: string;
}

export interface Replica {
  readonly name: string;
  readonly port: number;
  readonly baseUrl: string;
  readonly logFile: string;
  /** The running process, if any. */
  process?: ChildProcess;
  /** How many times it was started. */
  starts: number;
}

/**
 * N backend replicas on one database. `start()` starts them all and waits
 * until each serves the example MicroApps; `kill9()` / `startReplica()` crash
 * and restart one; `stop()` stops them and drops the run's databases.
 */
export class Cluster {
  readonly database: 'postgres' | 'sqlite';
  readonly runId: string;
  /** `trellis_system_<timestamp>_`: each plugin's database is this plus its plugin id. */
  readonly databasePrefix: string;
  readonly outputDir: string;
  readonly replicas: Replica[];
  private readonly sharedConfigFile: string;
  private readonly logLevel: string;

  constructor(private readonly options: ClusterOptions) {
    this.database = options.database ?? 'postgres';
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    this.runId = `${stamp}${Math.floor(Math.random() * 1000)
      .toString()
      .padStart(3, '0')}`;
    this.databasePrefix = `trellis_system_${this.runId}_`;
    this.logLevel = options.logLevel ?? 'info';
    this.outputDir = fs.mkdtempSync(
      path.join(
        os.tmpdir(),
        `trellis-${options.label ?? 'system'}-${this.runId}-`,
      ),
    );
    this.replicas = options.replicas.map(({ name, port }) => ({
      name,
      port,
      baseUrl: `http://localhost:${port}`,
      logFile: path.join(this.outputDir, `backend-${name}.log`),
      starts: 0,
    }));
    this.sharedConfigFile = path.join(this.outputDir, 'app-config.system.yaml');
    fs.writeFileSync(
      this.sharedConfigFile,
      `${JSON.stringify(this.sharedConfig(), null, 2)}\n`,
    );
    for (const replica of this.replicas) {
      fs.writeFileSync(
        this.replicaConfigFile(replica),
        `${JSON.stringify(this.replicaConfig(replica), null, 2)}\n`,
      );
    }
  }

  replica(name: string): Replica {
    const replica = this.replicas.find(r => r.name === name);
    if (!replica) throw new Error(`No replica ${name}`);
    return replica;
  }

  /** The generated configuration every replica reads (JSON is YAML). */
  private sharedConfig(): Record<string, unknown> {
    const examples = (file: string) => ({
      type: 'file',
      target: `../../examples/${file}`,
    });
    const base: Record<string, any> = {
      backend: {
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: OTLP_TOKEN, subject: 'system-tests' },
            },
          ],
        },
        ...(this.database === 'postgres'
          ? {
              database: {
                client: 'pg',
                prefix: this.databasePrefix,
                pluginDivisionMode: 'database',
              },
            }
          : {}),
      },
      // The one production setting switched back on: development sign-in, so
      // that the tests can act as the example users (stewards, owners).
      auth: { environment: 'development' },
      catalog: {
        // app-config.production.yaml's locations are relative to the repository
        // root; the backend runs in packages/backend.
        locations: [
          examples('org.yaml'),
          examples('connectors.yaml'),
          examples('microapps/*.yaml'),
          examples('templates/*/template.yaml'),
        ],
      },
      trellis: {
        exampleTraffic: { seedOnStart: false },
        exampleGovernance: { seedOnStart: false },
      },
    };
    return deepMerge(base, this.options.config ?? {});
  }

  private replicaConfig(replica: Replica) {
    return {
      app: { baseUrl: replica.baseUrl },
      backend: {
        baseUrl: replica.baseUrl,
        // app-config.yaml writes `listen` as an object, app-config.production.yaml as a string.
        listen:
          this.database === 'sqlite'
            ? { port: replica.port }
            : `:${replica.port}`,
        cors: { origin: replica.baseUrl },
      },
    };
  }

  private replicaConfigFile(replica: Replica) {
    return path.join(this.outputDir, `app-config.replica-${replica.name}.yaml`);
  }

  private postgresEnv(): Record<string, string> {
    const url = new URL(POSTGRES_URL);
    return {
      POSTGRES_HOST: url.hostname,
      POSTGRES_PORT: url.port || '5432',
      POSTGRES_USER: decodeURIComponent(url.username || 'postgres'),
      // Any value works with trust authentication.
      POSTGRES_PASSWORD: decodeURIComponent(url.password || 'postgres'),
    };
  }

  /** Starts every replica (one after the other: the first one runs the migrations) and waits until each is ready. */
  async start(): Promise<void> {
    if (this.database === 'postgres') {
      const probe = await probePostgres();
      if (!probe.major)
        throw new Error(`No PostgreSQL at ${POSTGRES_URL}: ${probe.error}`);
    }
    for (const replica of this.replicas) await this.startReplica(replica.name);
  }

  /** Starts one replica and waits until it serves every example MicroApp. */
  async startReplica(name: string, timeoutMs = 240_000): Promise<number> {
    const replica = this.replica(name);
    if (
      replica.process &&
      replica.process.exitCode === null &&
      replica.process.signalCode === null
    ) {
      throw new Error(`Replica ${name} is already running`);
    }
    if (await portInUse(replica.port))
      throw new Error(
        `Port ${replica.port} for replica ${name} is in use by another process`,
      );
    const started = Date.now();
    const configs = ['../../app-config.yaml'];
    if (this.database === 'postgres')
      configs.push('../../app-config.production.yaml');
    configs.push(this.sharedConfigFile, this.replicaConfigFile(replica));
    fs.appendFileSync(
      replica.logFile,
      `\n===== start ${replica.starts + 1} at ${new Date().toISOString()}\n`,
    );
    const log = fs.openSync(replica.logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        BACKSTAGE_CLI,
        'package',
        'start',
        ...configs.flatMap(file => ['--config', file]),
      ],
      {
        cwd: BACKEND_DIR,
        env: {
          ...process.env,
          ...(this.database === 'postgres' ? this.postgresEnv() : {}),
          NODE_ENV: 'development',
          LOG_LEVEL: this.logLevel,
          FORCE_COLOR: '0',
        },
        stdio: ['ignore', log, log],
        detached: true,
      },
    );
    fs.closeSync(log);
    replica.process = child;
    replica.starts += 1;
    try {
      await waitUntil(
        `replica ${name} (${replica.baseUrl})`,
        timeoutMs,
        async () => {
          if (child.exitCode !== null || child.signalCode !== null) {
            throw new GiveUp(
              `replica ${name} exited (${
                child.exitCode ?? child.signalCode
              }); see ${replica.logFile}`,
            );
          }
          const response = await fetch(
            `${replica.baseUrl}/api/microapps/apps?limit=1&lifecycle=draft,sandbox,canary,production,decommissioned`,
            {
              headers: { Authorization: `Bearer ${OTLP_TOKEN}` },
            },
          );
          if (!response.ok) return false;
          const page = (await response.json()) as { totalItems: number };
          // At least: a suite may add apps of its own.
          return page.totalItems >= EXAMPLE_APP_COUNT;
        },
      );
    } catch (error) {
      if (child.exitCode !== null || child.signalCode !== null) throw error;
      this.kill9(name);
      throw error;
    }
    return Date.now() - started;
  }

  /** SIGKILL to the replica's whole process group (the CLI and the backend): a crash, no shutdown hooks. */
  kill9(name: string): void {
    const child = this.replica(name).process;
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /** SIGSTOP / SIGCONT to the replica's process group: a stalled process that holds its connections but does nothing. */
  freeze(name: string): void {
    const child = this.replica(name).process;
    if (child?.pid) process.kill(-child.pid, 'SIGSTOP');
  }

  thaw(name: string): void {
    const child = this.replica(name).process;
    if (child?.pid) process.kill(-child.pid, 'SIGCONT');
  }

  /** Waits until the replica's process has exited. */
  async exited(name: string, timeoutMs = 10_000): Promise<void> {
    const child = this.replica(name).process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await Promise.race([
      new Promise(resolve => child.once('exit', resolve)),
      sleep(timeoutMs),
    ]);
  }

  /** Stops every replica (SIGTERM, then SIGKILL) and drops the run's databases. */
  async stop(): Promise<void> {
    await Promise.all(
      this.replicas.map(async replica => {
        const child = replica.process;
        if (!child?.pid || child.exitCode !== null || child.signalCode !== null)
          return;
        try {
          process.kill(-child.pid, 'SIGCONT');
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          return;
        }
        await this.exited(replica.name, 10_000);
        this.kill9(replica.name);
        await this.exited(replica.name, 5_000);
      }),
    );
    if (this.database === 'postgres') await this.dropDatabases();
  }

  /** The names of this run's databases (one per plugin). */
  async databases(): Promise<string[]> {
    return withPostgres(async knex => {
      const { rows } = await knex.raw(
        'select datname from pg_database where starts_with(datname, ?) order by 1',
        [this.databasePrefix],
      );
      return rows.map((row: { datname: string }) => row.datname);
    });
  }

  async dropDatabases(): Promise<string[]> {
    const names = await this.databases();
    await withPostgres(async knex => {
      for (const name of names)
        await knex.raw('drop database if exists ?? with (force)', [name]);
    });
    return names;
  }

  /** Runs a query in one plugin's database, e.g. query('microapps', 'select … where id = ?', [id]). */
  async query<T = Record<string, unknown>>(
    pluginId: string,
    sql: string,
    values: readonly Knex.RawBinding[] = [],
  ): Promise<T[]> {
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${this.databasePrefix}${pluginId}`;
    return withPostgres(
      async knex => (await knex.raw(sql, values)).rows as T[],
      url.toString(),
    );
  }

  /** The replica's log so far, without colour codes. */
  log(name: string): string {
    const file = this.replica(name).logFile;
    return fs.existsSync(file)
      ? fs.readFileSync(file, 'utf8').replace(/\x1b\[[0-9;]*m/g, '')
      : '';
  }

  /** A development sign-in token for an example user, issued by the given replica. */
  async signIn(user: string, via: string): Promise<string> {
    const response = await fetch(
      `${this.replica(via).baseUrl}/api/auth/dev-users/refresh?env=development`,
      {
        headers: { 'x-dev-user': user },
      },
    );
    if (!response.ok)
      throw new Error(
        `Sign-in as ${user} through ${via} failed: ${
          response.status
        } ${await response.text()}`,
      );
    const body = (await response.json()) as {
      backstageIdentity: { token: string };
    };
    return body.backstageIdentity.token;
  }
}

async function withPostgres<T>(
  fn: (knex: Knex) => Promise<T>,
  url = POSTGRES_URL,
): Promise<T> {
  const knex = knexFactory({
    client: 'pg',
    connection: {
      connectionString: url,
      connectionTimeoutMillis: 3000,
    } as Knex.PgConnectionConfig,
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: 10_000,
    // Failures surface as rejected queries; knex need not print them too.
    log: { warn() {}, error() {}, deprecate() {}, debug() {} },
  });
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

function deepMerge(
  target: Record<string, any>,
  source: Record<string, any>,
): Record<string, any> {
  const out: Record<string, any> = { ...target };
  for (const [key, value] of Object.entries(source)) {
    out[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      out[key] &&
      typeof out[key] === 'object' &&
      !Array.isArray(out[key])
        ? deepMerge(out[key], value)
        : value;
  }
  return out;
}

/** Drops databases of earlier runs that were interrupted before they could clean up (older than an hour). */
export async function dropStaleSystemDatabases(): Promise<string[]> {
  return withPostgres(async knex => {
    const { rows } = await knex.raw(
      "select datname from pg_database where datname ~ '^trellis_system_[0-9]{17}_'",
    );
    const cutoff = Date.now() - 3600_000;
    const stale = (rows as Array<{ datname: string }>)
      .map(row => row.datname)
      .filter(name => {
        const stamp = name.slice(
          'trellis_system_'.length,
          'trellis_system_'.length + 14,
        );
        const time = Date.UTC(
          +stamp.slice(0, 4),
          +stamp.slice(4, 6) - 1,
          +stamp.slice(6, 8),
          +stamp.slice(8, 10),
          +stamp.slice(10, 12),
          +stamp.slice(12, 14),
        );
        return time < cutoff;
      });
    for (const name of stale)
      await knex.raw('drop database if exists ?? with (force)', [name]);
    return stale;
  });
}

/** The machine line every benchmark prints, plus how busy the machine was when the run started. */
export function machineLine(): string {
  return (
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(
      os.totalmem() / 2 ** 30,
    )} GiB, Node ${process.version}; ` +
    `load average ${os.loadavg()[0].toFixed(2)} at the start`
  );
}

/** Collects a scenario's checks; each prints a ✓ or ✕ line. */
export class Report {
  readonly failures: string[] = [];

  /** An informational line. */
  note(text: string): void {
    console.log(`    ${text}`);
  }

  /** A check: passes when `ok`; `detail` is printed either way when given. */
  check(ok: boolean, what: string, detail?: string): boolean {
    console.log(`    ${ok ? '✓' : '✕'} ${what}${detail ? ` — ${detail}` : ''}`);
    if (!ok) this.failures.push(what);
    return ok;
  }
}

/**
 * A system-test scenario. It runs against the shared cluster (replicas A on
 * 7101 and B on 7102, one PostgreSQL database set); it fails when it throws
 * or when one of its checks fails. Scenarios run in order, so a scenario
 * that crashes a replica must leave both replicas running.
 */
export interface Scenario {
  name: string;
  run(cluster: Cluster, report: Report): Promise<void>;
}
