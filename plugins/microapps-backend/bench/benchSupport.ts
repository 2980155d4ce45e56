/** What every benchmark here needs: arguments, percentiles, a seeded PRNG, scratch PostgreSQL databases. */
import knexFactory from 'knex';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

export const POSTGRES_URL =
  process.env.TRELLIS_BENCH_POSTGRES_URL ??
  'postgresql://postgres@127.0.0.1:5432';

/** The number after `--<name>` on the command line, or `fallback`. */
export function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

/** The p-th percentile of ascending `sorted` values. */
export function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

/** A seeded PRNG (pure-rand's xoroshiro128+), so every run uses the same figures: uniform in [0, 1). */
export function random(seed: number) {
  const generator = xoroshiro128plus(seed);
  return () =>
    unsafeUniformIntDistribution(0, 0xffffffff, generator) / 0x100000000;
}

const adminClient = () =>
  knexFactory({
    client: 'pg',
    connection: POSTGRES_URL,
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: 5000,
  });

/** Undefined when PostgreSQL answers, else why not. */
export async function postgresReachable(): Promise<string | undefined> {
  const admin = adminClient();
  try {
    await admin.raw('select 1');
    return undefined;
  } catch (error) {
    return String((error as Error).message ?? error);
  } finally {
    await admin.destroy();
  }
}

/** Drops the databases the backend created for each plugin under the run's prefix. */
export async function dropDatabases(prefix: string) {
  const admin = adminClient();
  try {
    const { rows } = await admin.raw('select datname from pg_database');
    for (const { datname } of rows as Array<{ datname: string }>) {
      if (datname.startsWith(prefix)) {
        await admin.raw('drop database if exists ?? with (force)', [datname]);
      }
    }
  } finally {
    await admin.destroy();
  }
}
