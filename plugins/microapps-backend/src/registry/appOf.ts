import type {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type express from 'express';
import { ANYONE, type Callers } from '../shared/routeHelpers';
import type { GovernedApp } from './governedApp';
import type { AppLoader } from './loadApp';

/** Loads the app named in the path with the caller's credentials (404 if unknown or hidden). */
export type AppOf = (
  // Any route's request, typed by the OpenAPI document or not, that names an app.
  req: express.Request<{ namespace: string; name: string }, any, any, any>,
  callers?: Callers,
) => Promise<{ app: GovernedApp; credentials: BackstageCredentials }>;

export function createAppOf(httpAuth: HttpAuthService, load: AppLoader): AppOf {
  return async (req, callers = ANYONE) => {
    const credentials = await httpAuth.credentials(req, callers);
    const { namespace, name } = req.params;
    return {
      credentials,
      app: await load({ kind: 'microapp', namespace, name }, credentials),
    };
  };
}
