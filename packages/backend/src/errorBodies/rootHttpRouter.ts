import type { RootConfigService } from '@backstage/backend-plugin-api';
import {
  type MiddlewareFactory,
  rootHttpRouterServiceFactory,
} from '@backstage/backend-defaults/rootHttpRouter';

/**
 * Whether error bodies may carry stack traces: only in a development process
 * (NODE_ENV) running the development configuration. A process started with
 * `app-config.production.yaml` (auth.environment production) never shows
 * them, even with NODE_ENV=development.
 */
export function showStackTraces(config: RootConfigService): boolean {
  return (
    process.env.NODE_ENV === 'development' &&
    config.getOptionalString('auth.environment') === 'development'
  );
}

/** Makes the error middleware that Backstage's defaults install follow {@link showStackTraces}. */
export function withStackTracePolicy(
  middleware: MiddlewareFactory,
  config: RootConfigService,
): void {
  const error = middleware.error.bind(middleware);
  middleware.error = options =>
    error({ ...options, showStackTraces: showStackTraces(config) });
}

/** The root HTTP router with Backstage's defaults and the stack trace policy. */
export const rootHttpRouter = rootHttpRouterServiceFactory({
  configure({ middleware, config, applyDefaults }) {
    withStackTracePolicy(middleware, config);
    applyDefaults();
  },
});
