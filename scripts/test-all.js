#!/usr/bin/env node
/*
 * Runs every test in the repository: `npm test`.
 *
 * Store and integration tests run on each database engine that
 * `TestDatabases` can reach. SQLite always runs; PostgreSQL runs too when a
 * server answers at 127.0.0.1:5432 (user postgres, trust auth) or at
 * TRELLIS_TEST_POSTGRES_URL. There is no Docker engine, so Docker is off.
 *
 * Then the browser tests (e2e/run.ts) drive Debian's Chromium against the
 * running example portal. Without Chromium they are skipped with a warning,
 * except under CI=true, where that is a failure.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const { Client } = require('pg');

async function findPostgres() {
  const url =
    process.env.TRELLIS_TEST_POSTGRES_URL ??
    'postgresql://postgres@127.0.0.1:5432';
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    const { rows } = await client.query('show server_version_num');
    return {
      url,
      major: Math.floor(Number(rows[0].server_version_num) / 10000),
    };
  } catch (error) {
    return { url, error };
  } finally {
    await client.end().catch(() => {});
  }
}

async function main() {
  const env = {
    ...process.env,
    BACKSTAGE_TEST_DISABLE_DOCKER: '1',
    CI: 'true',
  };
  const postgres = await findPostgres();
  if (postgres.major) {
    env[`BACKSTAGE_TEST_DATABASE_POSTGRES${postgres.major}_CONNECTION_STRING`] =
      postgres.url;
    console.log(
      `Database tests run on SQLite and PostgreSQL ${postgres.major} (${postgres.url})`,
    );
  } else {
    console.log(
      `Database tests run on SQLite only: no PostgreSQL at ${postgres.url} (${postgres.error.message})`,
    );
  }

  const args = process.argv.slice(2);
  const unit = spawnSync(
    'npx',
    ['backstage-cli', 'repo', 'test', '--watchAll=false', ...args],
    {
      stdio: 'inherit',
      env,
    },
  );
  if (unit.status !== 0) process.exit(unit.status ?? 1);
  // Arguments select unit tests; the browser tests run with the whole suite only.
  if (args.length > 0) process.exit(0);

  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    const message = `Browser tests need Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`;
    if (process.env.CI === 'true') {
      console.error(`${message}.`);
      process.exit(1);
    }
    console.warn(`SKIPPED: ${message}.`);
    process.exit(0);
  }
  console.log('Browser tests (e2e/run.ts)');
  const e2e = spawnSync(process.execPath, ['scripts/run-ts.js', 'e2e/run.ts'], {
    stdio: 'inherit',
  });
  process.exit(e2e.status ?? 1);
}

main();
