import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * `sign-in-page:app`: development sign-in as any example user, with guest
 * sign-in where the backend has it switched off.
 */
export const devSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => (await import('./DevSignInPage')).DevSignInPage,
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [devSignInPage],
});
