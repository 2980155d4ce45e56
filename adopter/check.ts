/*
 * What an adopter does, on every CI run: pack the plugins, install the
 * tarballs (not workspace links) into the stock portal in adopter/portal,
 * build its frontend, start its backend on SQLite, and check the
 * README's "Verify your install" requests.
 *
 *   npm run test:adopter [-- --keep]
 *
 * The portal is a stock `@backstage/create-app` app converted to npm; its
 * only Trellis lines are the install lines of the README. Works in a
 * temporary copy, so the repository is left as it was (`--keep` keeps the
 * copy and prints where it is).
 */
import { type ChildProcess, spawn, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const ROOT = path.resolve(__dirname, '..');
const PORT = 7207;
const BASE = `http://localhost:${PORT}`;
const APP = 'default/meeting-notes-summarizer';
const RISK_TIER_LABEL = 'trellis.dev/risk-tier';
const START_TIMEOUT_MS = 300_000;

/** The packages each portal workspace installs, as the README lists them. */
const BACKEND_PACKAGES = [
  'plugin-microapps-common',
  'plugin-microapps-node',
  'plugin-catalog-backend-module-microapps',
  'plugin-microapps-backend',
  'plugin-permission-backend-module-microapps',
];
const FRONTEND_PACKAGES = ['plugin-microapps-common', 'plugin-microapps'];

/**
 * The environment an adopter's shell has: without the NODE_ENV=test that
 * scripts/run-ts.js sets (browserslist has no `test` environment in a stock
 * app, and the frontend build would find no browsers).
 */
function adopterEnv(): NodeJS.ProcessEnv {
  const { NODE_ENV, ...env } = process.env;
  return env;
}

function run(command: string, args: string[], cwd: string) {
  const started = Date.now();
  console.log(`\n$ ${command} ${args.join(' ')}    (in ${cwd})`);
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: adopterEnv(),
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  }
  console.log(`  ... ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(1000);
  }
}

/**
 * `prepack` rewrites a plugin's package.json for publishing and `postpack`
 * restores it; a pack that fails in between would leave it rewritten.
 */
function restorePackageJsons() {
  for (const plugin of fs.readdirSync(path.join(ROOT, 'plugins'))) {
    const dir = path.join(ROOT, 'plugins', plugin);
    if (fs.existsSync(path.join(dir, 'package.json-prepack'))) {
      run('npx', ['backstage-cli', 'package', 'postpack'], dir);
    }
  }
}

/** Packs every plugin into `dir`; answers the tarball of each package name. */
function packPlugins(dir: string): Map<string, string> {
  run('npm', ['run', 'build:plugins'], ROOT);
  fs.mkdirSync(dir, { recursive: true });
  try {
    run('npm', ['pack', '-w', 'plugins', '--pack-destination', dir], ROOT);
  } finally {
    restorePackageJsons();
  }
  const tarballs = new Map<string, string>();
  for (const file of fs.readdirSync(dir)) {
    const name = file.match(/^trellis-(.+)-\d+\.\d+\.\d+.*\.tgz$/)?.[1];
    if (name) tarballs.set(name, path.join(dir, file));
  }
  return tarballs;
}

function copyPortal(to: string) {
  fs.cpSync(path.join(ROOT, 'adopter/portal'), to, {
    recursive: true,
    filter: source => !source.split(path.sep).includes('node_modules'),
  });
}

function startBackend(portal: string, log: string): ChildProcess {
  const out = fs.openSync(log, 'w');
  return spawn('npx', ['backstage-cli', 'package', 'start'], {
    cwd: path.join(portal, 'packages/backend'),
    stdio: ['ignore', out, out],
    detached: true,
    env: {
      ...adopterEnv(),
      NODE_ENV: 'development',
      APP_CONFIG_backend_listen_port: String(PORT),
      APP_CONFIG_backend_baseUrl: BASE,
    },
  });
}

async function json(url: string, init?: RequestInit) {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

/** The README's "Verify your install" requests, as the guest user. */
async function verify(log: string) {
  await waitFor('the micro-apps backend', START_TIMEOUT_MS, async () =>
    (await fetch(`${BASE}/api/microapps/health`)).ok ? true : undefined,
  );
  console.log('1. GET /api/microapps/health: 200');

  const token = await waitFor('guest sign-in', 60_000, async () => {
    const { body } = await json(`${BASE}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    return body?.backstageIdentity?.token as string | undefined;
  });
  const auth = { Authorization: `Bearer ${token}` };

  const [namespace, name] = APP.split('/');
  const labels = await waitFor(
    'the MicroApp in the catalog',
    120_000,
    async () => {
      const { body } = await json(
        `${BASE}/api/catalog/entities/by-name/microapp/${namespace}/${name}`,
        { headers: auth },
      );
      return body?.metadata?.labels?.[RISK_TIER_LABEL]
        ? body.metadata.labels
        : undefined;
    },
  );
  console.log(
    `2. MicroApp ${APP} has ${RISK_TIER_LABEL}=${labels[RISK_TIER_LABEL]}`,
  );

  // The plugin reads the catalog on its own schedule (microapps.marketplace.refreshIntervalSeconds).
  await waitFor('the MicroApp in the micro-apps registry', 180_000, async () =>
    (
      await fetch(`${BASE}/api/microapps/apps/${APP}`, { headers: auth })
    ).ok
      ? true
      : undefined,
  );
  const grant = await json(
    `${BASE}/api/microapps/apps/${APP}/badges/security-review/grant`,
    {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ comment: 'I am not a steward' }),
    },
  );
  if (grant.status !== 403) {
    throw new Error(
      `A guest's badge grant answered ${grant.status}, expected 403`,
    );
  }
  console.log('3. A guest granting security-review: 403');

  const text = fs.readFileSync(log, 'utf8');
  for (const warning of [
    'microapps.models',
    'allow-all',
    'permission.enabled',
  ]) {
    if (text.includes(warning)) {
      throw new Error(`The backend warned about ${warning}; see ${log}`);
    }
  }
  console.log('4. No Trellis start-up warning');
}

async function main() {
  const keep = process.argv.includes('--keep');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-adopter-'));
  const portal = path.join(work, 'portal');
  const log = path.join(work, 'backend.log');
  let backend: ChildProcess | undefined;
  try {
    const tarballs = packPlugins(path.join(work, 'packs'));
    const tarball = (name: string) => {
      const file = tarballs.get(name);
      if (!file) throw new Error(`npm pack wrote no tarball for ${name}`);
      return file;
    };
    copyPortal(portal);
    run('npm', ['ci', '--no-audit', '--no-fund'], portal);
    const install = (workspace: string, names: string[]) =>
      run(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '-w',
          workspace,
          ...names.map(tarball),
        ],
        portal,
      );
    install('backend', BACKEND_PACKAGES);
    install('app', FRONTEND_PACKAGES);
    run('npm', ['run', 'build', '-w', 'app'], portal);
    backend = startBackend(portal, log);
    await verify(log);
    console.log('\nThe stock portal runs Trellis from the packed tarballs.');
  } catch (error) {
    console.error(`\nAdopter check failed: ${(error as Error).message}`);
    if (fs.existsSync(log)) {
      console.error(`--- last lines of ${log}`);
      console.error(
        fs.readFileSync(log, 'utf8').split('\n').slice(-40).join('\n'),
      );
    }
    process.exitCode = 1;
  } finally {
    if (backend?.pid) {
      try {
        process.kill(-backend.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    if (keep) console.log(`Kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
