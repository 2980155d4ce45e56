/*
 * Test-only sign-in for the behaviour tests (../__behaviour__/): an auth
 * provider that trusts a request header naming a catalog user and signs in
 * as that user, so that the tests hold real Backstage tokens carrying the
 * user's group membership, as a portal's identity provider gives them.
 * Never install it outside tests.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The auth provider's id: `GET /api/auth/test-users/refresh?env=development`. */
export const TEST_SIGN_IN_PROVIDER = 'test-users';
/** The request header that names the catalog user to sign in as. */
export const TEST_USER_HEADER = 'x-test-user';

const testUsersAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async (result: { userName: string }) => ({
    profile: { displayName: result.userName },
  }),
  initialize() {},
  async authenticate({ req }) {
    const userName = req.header(TEST_USER_HEADER)?.trim();
    if (!userName) {
      throw new AuthenticationError(
        `Test sign-in needs the ${TEST_USER_HEADER} header with a catalog user name`,
      );
    }
    return { result: { userName } };
  },
});

/**
 * Auth provider `test-users`, configured by `auth.providers.test-users`:
 * signs in as the catalog user the {@link TEST_USER_HEADER} header names;
 * a name the catalog does not hold is refused.
 */
export const testSignInModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'test-users-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: TEST_SIGN_IN_PROVIDER,
          factory: createProxyAuthProviderFactory({
            authenticator: testUsersAuthenticator,
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
