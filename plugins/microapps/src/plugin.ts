import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { microAppsApiRef, MicroAppsClient } from './api';
import { riskPreviewScaffolderFieldExtension } from './components/RiskPreviewField/fieldExtension';
import {
  auditRouteRef,
  costsRouteRef,
  incidentsRouteRef,
  reviewsRouteRef,
  rootRouteRef,
} from './routes';

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
    costs: costsRouteRef,
    reviews: reviewsRouteRef,
    audit: auditRouteRef,
    incidents: incidentsRouteRef,
  },
});

/**
 * The marketplace page, for a legacy app's routes:
 * `<Route path="/microapps" element={<MicroAppsMarketplacePage />} />`.
 *
 * @public
 */
export const MicroAppsMarketplacePage: () => JSX.Element =
  microAppsPlugin.provide(
    createRoutableExtension({
      name: 'MicroAppsMarketplacePage',
      component: () =>
        import('./components/MarketplacePage').then(m => m.MarketplacePage),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * The cost and chargeback page:
 * `<Route path="/microapps/costs" element={<MicroAppsCostsPage />} />`.
 *
 * @public
 */
export const MicroAppsCostsPage: () => JSX.Element = microAppsPlugin.provide(
  createRoutableExtension({
    name: 'MicroAppsCostsPage',
    component: () => import('./components/Costs').then(m => m.CostsPage),
    mountPoint: costsRouteRef,
  }),
);

/**
 * The steward inbox:
 * `<Route path="/microapps/reviews" element={<MicroAppsStewardInboxPage />} />`.
 *
 * @public
 */
export const MicroAppsStewardInboxPage: () => JSX.Element =
  microAppsPlugin.provide(
    createRoutableExtension({
      name: 'MicroAppsStewardInboxPage',
      component: () =>
        import('./components/StewardInbox').then(m => m.StewardInboxPage),
      mountPoint: reviewsRouteRef,
    }),
  );

/**
 * The stewards' audit log:
 * `<Route path="/microapps/audit" element={<MicroAppsAuditPage />} />`.
 *
 * @public
 */
export const MicroAppsAuditPage: () => JSX.Element = microAppsPlugin.provide(
  createRoutableExtension({
    name: 'MicroAppsAuditPage',
    component: () => import('./components/AuditLog').then(m => m.AuditLogPage),
    mountPoint: auditRouteRef,
  }),
);

/**
 * The stewards' incidents and loaded policies:
 * `<Route path="/microapps/incidents" element={<MicroAppsIncidentsPage />} />`.
 *
 * @public
 */
export const MicroAppsIncidentsPage: () => JSX.Element =
  microAppsPlugin.provide(
    createRoutableExtension({
      name: 'MicroAppsIncidentsPage',
      component: () =>
        import('./components/Incidents').then(m => m.IncidentsPage),
      mountPoint: incidentsRouteRef,
    }),
  );

/**
 * The trust panel for a MicroApp's overview tab: `<EntityMicroAppOverviewCard />`.
 *
 * @public
 */
export const EntityMicroAppOverviewCard: () => JSX.Element =
  microAppsPlugin.provide(
    createComponentExtension({
      name: 'EntityMicroAppOverviewCard',
      component: {
        lazy: () =>
          import('./components/MicroAppEntity').then(
            m => m.MicroAppOverviewCard,
          ),
      },
    }),
  );

/**
 * The Governance tab of a MicroApp entity page.
 *
 * @public
 */
export const EntityMicroAppGovernanceContent: () => JSX.Element =
  microAppsPlugin.provide(
    createComponentExtension({
      name: 'EntityMicroAppGovernanceContent',
      component: {
        lazy: () =>
          import('./components/MicroAppEntity').then(
            m => m.MicroAppGovernanceContent,
          ),
      },
    }),
  );

/**
 * The Cost tab of a MicroApp entity page.
 *
 * @public
 */
export const EntityMicroAppCostContent: () => JSX.Element =
  microAppsPlugin.provide(
    createComponentExtension({
      name: 'EntityMicroAppCostContent',
      component: {
        lazy: () =>
          import('./components/Costs').then(m => m.MicroAppCostContent),
      },
    }),
  );

/**
 * The Policy tab of a MicroApp entity page.
 *
 * @public
 */
export const EntityMicroAppPolicyContent: () => JSX.Element =
  microAppsPlugin.provide(
    createComponentExtension({
      name: 'EntityMicroAppPolicyContent',
      component: {
        lazy: () =>
          import('./components/MicroAppEntity').then(
            m => m.MicroAppPolicyContent,
          ),
      },
    }),
  );

/**
 * A team's micro-apps on its group page: `<EntityGroupMicroAppsCard />`.
 *
 * @public
 */
export const EntityGroupMicroAppsCard: () => JSX.Element =
  microAppsPlugin.provide(
    createComponentExtension({
      name: 'EntityGroupMicroAppsCard',
      component: {
        lazy: () =>
          import('./components/GroupMicroAppsCard').then(
            m => m.GroupMicroAppsCard,
          ),
      },
    }),
  );

/**
 * The live risk preview for MicroApp templates (`ui:field: MicroAppRiskPreview`):
 * `<ScaffolderFieldExtensions><MicroAppRiskPreviewFieldExtension /></ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const MicroAppRiskPreviewFieldExtension = microAppsPlugin.provide(
  riskPreviewScaffolderFieldExtension,
);
