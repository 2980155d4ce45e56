import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The marketplace page, mounted at `/microapps` by default.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'microapps',
});

/**
 * The cost and chargeback page, mounted at `/microapps/costs` by default.
 *
 * @public
 */
export const costsRouteRef = createRouteRef({
  id: 'microapps:costs',
});

/**
 * The steward inbox, mounted at `/microapps/reviews` by default.
 *
 * @public
 */
export const reviewsRouteRef = createRouteRef({
  id: 'microapps:reviews',
});

/**
 * The stewards' audit log page, mounted at `/microapps/audit` by default.
 *
 * @public
 */
export const auditRouteRef = createRouteRef({
  id: 'microapps:audit',
});

/**
 * The stewards' incidents and policies page, mounted at
 * `/microapps/incidents` by default.
 *
 * @public
 */
export const incidentsRouteRef = createRouteRef({
  id: 'microapps:incidents',
});
