import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import WidgetsIcon from '@material-ui/icons/Widgets';
import { microAppsApiRef, MicroAppsClient } from './api';
import { rootRouteRef } from './routes';

/**
 * `api:microapps`: the {@link MicroAppsClient} behind `microAppsApiRef`.
 *
 * @alpha
 */
export const microAppsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: microAppsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MicroAppsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * `page:microapps`: the marketplace at `/microapps` (configurable with
 * `app.extensions: [{ 'page:microapps': { config: { path: ... } } }]`).
 * Its title and icon make the "Micro-apps" item in the app's sidebar.
 *
 * @alpha
 */
export const microAppsMarketplacePage = PageBlueprint.make({
  params: {
    path: '/microapps',
    routeRef: rootRouteRef,
    title: 'Micro-apps',
    icon: <WidgetsIcon fontSize="inherit" />,
    // The page draws its own Backstage header.
    noHeader: true,
    loader: () =>
      import('./components/MarketplacePage').then(m => <m.MarketplacePage />),
  },
});

/**
 * The Trellis micro-apps plugin for the new frontend system. Apps with
 * `app.packages: all` discover it; others add it to `createApp({ features })`.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'microapps',
  title: 'Micro-apps',
  icon: <WidgetsIcon fontSize="inherit" />,
  routes: {
    root: rootRouteRef,
  },
  extensions: [microAppsApi, microAppsMarketplacePage],
});
