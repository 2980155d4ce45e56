import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { microAppsApiRef, MicroAppsClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The Trellis micro-apps plugin for apps on the legacy frontend system
 * (`createApp` from `@backstage/app-defaults`). New-frontend-system apps use
 * the default export of `@trellis/plugin-microapps/alpha` instead.
 *
 * @public
 */
export const microAppsPlugin = createPlugin({
  id: 'microapps',
  apis: [
    createApiFactory({
      api: microAppsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MicroAppsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The marketplace page, for a legacy app's routes:
 * `<Route path="/microapps" element={<MicroAppsMarketplacePage />} />`.
 *
 * @public
 */
export const MicroAppsMarketplacePage = microAppsPlugin.provide(
  createRoutableExtension({
    name: 'MicroAppsMarketplacePage',
    component: () =>
      import('./components/MarketplacePage').then(m => m.MarketplacePage),
    mountPoint: rootRouteRef,
  }),
);
