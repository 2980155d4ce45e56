import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { devSignInAllowed } from './devSignInAllowed';

/** The request header that names the example user to sign in as. */
export const DEV_USER_HEADER = 'x-dev-user';

const devUsersAuthenticator = createProxyAuthenticator({
  // Show the catalog user's name and email, as a real identity provider would.
  async defaultProfileTransform(result: { userName: string }, ctx) {
    const { entity } = await ctx.findCatalogUser({
      entityRef: { name: result.userName },
    });
    const profile = (entity.spec?.profile ?? {}) as {
      displayName?: string;
      email?: string;
    };
    return {
      profile: {
        displayName: profile.displayName ?? result.userName,
        email: profile.email,
      },
    };
  },
  initialize() {},
  async authenticate({ req }) {
    const userName = req.header(DEV_USER_HEADER)?.trim();
    if (!userName || !/^[a-zA-Z0-9._-]{1,63}$/.test(userName)) {
      throw new AuthenticationError(
        `Development sign-in needs the ${DEV_USER_HEADER} header with a catalog user name`,
      );
    }
    return { result: { userName } };
  },
});

/**
 * Auth provider `dev-users`: `GET /api/auth/dev-users/refresh?env=development`
 * with header `x-dev-user: <user name>` signs in as that catalog user.
 * Development only; see {@link devSignInAllowed}.
 */
export const devUsersAuthModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'dev-users-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        if (!devSignInAllowed(config)) {
          logger.info('Development sign-in is off');
          return;
        }
        logger.warn(
          'Development sign-in is ON: anyone can act as any catalog user',
        );
        providers.registerProvider({
          providerId: 'dev-users',
          factory: createProxyAuthProviderFactory({
            authenticator: devUsersAuthenticator,
            async signInResolver({ result }, ctx) {
              return ctx.signInWithCatalogUser({
                entityRef: { name: result.userName },
              });
            },
          }),
        });
      },
    });
  },
});
