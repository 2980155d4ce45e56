import { type ChildProcess, spawn, spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';

export const ROOT = path.resolve(__dirname, '..');
/** The port the browser tests' portal listens on (E2E_PORT, 7077 by default). */
export const PORT = Number(process.env.E2E_PORT ?? 7077);
export const BASE_URL = `http://localhost:${PORT}`;
export const OUTPUT_DIR = path.join(ROOT, 'e2e', 'output');

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The frontend's sources: a change in any of them makes the built app stale. */
const APP_SOURCES = [
  'packages/app/src',
  'packages/app/public',
  'plugins/microapps/src',
  'plugins/microapps-common/src',
];

/** The newest modification time of any file under `dir`. */
function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs,
    );
  }
  return newest;
}

/**
 * Builds the example app when it is missing or older than its sources; the
 * backend's app plugin serves packages/app/dist.
 */
export function ensureAppBuilt() {
  const index = path.join(ROOT, 'packages', 'app', 'dist', 'index.html');
  if (fs.existsSync(index)) {
    const built = fs.statSync(index).mtimeMs;
    const sources = Math.max(
      ...APP_SOURCES.map(dir => newestMtime(path.join(ROOT, dir))),
    );
    if (sources <= built) return;
  }
  console.log('Building the example app (packages/app/dist)…');
  const result = spawnSync('npm', ['run', 'build', '-w', 'app'], {
    cwd: ROOT,
    stdio: 'inherit',
    // A production bundle (browserslist has no `test` environment).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('Building the example app failed');
}

/** A development token for an example user, as the sign-in page gets one. */
export async function devToken(user: string): Promise<string> {
  const response = await fetch(
    `${BASE_URL}/api/auth/dev-users/refresh?env=development`,
    {
      headers: { 'x-dev-user': user },
    },
  );
  if (!response.ok)
    throw new Error(`Sign-in as ${user} failed: ${response.status}`);
  const body = (await response.json()) as {
    backstageIdentity: { token: string };
  };
  return body.backstageIdentity.token;
}

async function waitUntil(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs / 1000} s waiting for ${what}`,
      );
    await sleep(1000);
  }
}

/**
 * Starts the example backend (development config + e2e overrides) on
 * {@link PORT} with the example data, and waits until the example telemetry history
 * is seeded and shown in the marketplace.
 */
export async function startPortal(): Promise<{ stop(): Promise<void> }> {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const log = fs.openSync(path.join(OUTPUT_DIR, 'backend.log'), 'w');
  const child: ChildProcess = spawn(
    'npx',
    [
      'backstage-cli',
      'package',
      'start',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../e2e/app-config.e2e.yaml',
    ],
    {
      cwd: path.join(ROOT, 'packages', 'backend'),
      // Info, so that the seeder's closing line shows when it is done.
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        // Backstage's environment overrides, so that two checkouts can run
        // the browser tests at once on different ports.
        APP_CONFIG_app_baseUrl: BASE_URL,
        APP_CONFIG_backend_baseUrl: BASE_URL,
        APP_CONFIG_backend_listen_port: String(PORT),
        APP_CONFIG_backend_cors_origin: BASE_URL,
      },
      stdio: ['ignore', log, log],
      detached: true,
    },
  );
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([
        new Promise(resolve => child.once('exit', resolve)),
        sleep(10_000),
      ]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
  };
  try {
    await waitUntil('the backend', 240_000, async () => {
      if (child.exitCode !== null) throw new Error('gave up');
      return (await fetch(`${BASE_URL}/api/microapps/health`)).ok;
    });
    await waitUntil(
      'the example telemetry in the marketplace',
      300_000,
      async () => {
        // Sign-in works once the catalog has read the example users.
        const token = await devToken('alice');
        const response = await fetch(
          `${BASE_URL}/api/microapps/apps?sort=cost&limit=1`,
          {
            headers: { Authorization: `Bearer ${token}` },
          },
        );
        const page = (await response.json()) as {
          items: Array<{ cost30dUsd: number }>;
        };
        return (page.items[0]?.cost30dUsd ?? 0) > 0;
      },
    );
  } catch (error) {
    await stop();
    throw new Error(`${error} (see e2e/output/backend.log)`);
  }
  // Pages shot on partial history would mislead: wait until the seeder has
  // sent all of it, and stop the run if it could not.
  const backendLog = () =>
    fs.readFileSync(path.join(OUTPUT_DIR, 'backend.log'), 'utf8');
  try {
    await waitUntil(
      'the example telemetry to be sent in full',
      300_000,
      async () =>
        /Example traffic: (sent|the portal already has telemetry)|Example traffic was not sent/.test(
          backendLog(),
        ),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const failedSeed = /Example traffic was not sent[^\n]*/.exec(backendLog());
  if (failedSeed) {
    await stop();
    throw new Error(`The example history is incomplete: ${failedSeed[0]}`);
  }
  // The example stewards' decisions, the kill switch last, after the traffic.
  try {
    await waitUntil('the example governance decisions', 120_000, async () =>
      /Example governance: (granted|the audit log already has)/.test(
        backendLog(),
      ),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
