import type { Config } from '@backstage/config';

/**
 * Development sign-in lets anyone act as any catalog user, so it is only
 * switched on when all of these hold: the process is not a production build
 * (NODE_ENV), `auth.environment` is `development`, and the `dev-users`
 * provider is configured. `app-config.production.yaml` sets
 * `auth.environment: production`, so it cannot be switched on from there.
 */
export function devSignInAllowed(config: Config): boolean {
  return (
    process.env.NODE_ENV !== 'production' &&
    config.getOptionalString('auth.environment') === 'development' &&
    config.has('auth.providers.dev-users')
  );
}
