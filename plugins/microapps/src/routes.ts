import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The marketplace page, mounted at `/microapps` by default.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'microapps',
});
