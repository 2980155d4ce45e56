import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import Router from 'express-promise-router';
import { devSignInAllowed } from './devSignInAllowed';

/**
 * `GET /api/devsignin/users`: the catalog's users with their groups, for the
 * development sign-in page, which needs them before anyone is signed in.
 * Registers no route at all when development sign-in is off.
 */
export const devUsersListPlugin = createBackendPlugin({
  pluginId: 'devsignin',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
      },
      async init({ auth, config, httpRouter, catalog }) {
        if (!devSignInAllowed(config)) return;
        const router = Router();
        router.get('/users', async (_req, res) => {
          const { items } = await catalog.getEntities(
            {
              filter: { kind: 'User' },
              fields: ['metadata.name', 'spec.profile', 'relations'],
            },
            { credentials: await auth.getOwnServiceCredentials() },
          );
          res.json({
            items: items
              .map(user => ({
                name: user.metadata.name,
                displayName:
                  (user.spec?.profile as any)?.displayName ??
                  user.metadata.name,
                groups: (user.relations ?? [])
                  .filter(r => r.type === 'memberOf')
                  .map(r => r.targetRef.replace(/^group:default\//, '')),
              }))
              .sort((a, b) => a.displayName.localeCompare(b.displayName)),
          });
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/users', allow: 'unauthenticated' });
      },
    });
  },
});
