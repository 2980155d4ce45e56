import type { Config } from '@backstage/config';

/** The salt of a development or test process that configures none. */
const DEVELOPMENT_SALT = 'trellis-development';

/**
 * `microapps.telemetry.userHashSalt`: mixed into end-user id hashes so that
 * nobody can recover an id by hashing candidates. Outside development and
 * tests (NODE_ENV) the backend refuses to start without one.
 */
export function readUserHashSalt(
  config: Config,
  env: { NODE_ENV?: string } = process.env,
): string {
  const nodeEnv = env.NODE_ENV;
  const salt = config.getOptionalString('microapps.telemetry.userHashSalt');
  if (salt?.trim()) return salt;
  if (nodeEnv === 'development' || nodeEnv === 'test') return DEVELOPMENT_SALT;
  throw new Error(
    'microapps.telemetry.userHashSalt must be set outside development: end-user ids are stored as salted hashes, and without a secret salt anyone can recover an id by hashing candidates. Set it to a long random secret, e.g. userHashSalt: ${TRELLIS_USER_HASH_SALT}',
  );
}
