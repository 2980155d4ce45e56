import {
  coreExtensionData,
  createExtension,
  createFrontendModule,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import microAppsPlugin from '@trellis/plugin-microapps/alpha';
import { Navigate } from 'react-router-dom';

function LandOnMarketplace() {
  // Follows the marketplace wherever `page:microapps` is mounted.
  const marketplace = useRouteRef(microAppsPlugin.routes.root);
  return <Navigate to={marketplace?.() ?? '/catalog'} replace />;
}

/**
 * `app/landing-redirect`: the portal's front door (`/`, exactly) is the
 * micro-app marketplace. Every other unknown path still shows "not found".
 */
export const landingRedirect = createExtension({
  name: 'landing-redirect',
  attachTo: { id: 'app/routes', input: 'routes' },
  output: [coreExtensionData.routePath, coreExtensionData.reactElement],
  factory: () => [
    coreExtensionData.routePath('/'),
    coreExtensionData.reactElement(<LandOnMarketplace />),
  ],
});

export const landingModule = createFrontendModule({
  pluginId: 'app',
  extensions: [landingRedirect],
});
