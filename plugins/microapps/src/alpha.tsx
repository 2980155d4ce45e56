import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import MoneyIcon from '@material-ui/icons/AttachMoney';
import RateReviewIcon from '@material-ui/icons/RateReview';
import ReportProblemIcon from '@material-ui/icons/ReportProblem';
import WidgetsIcon from '@material-ui/icons/Widgets';
import { microAppsApiRef, MicroAppsClient } from './api';
import { microAppRiskPreviewFormField } from './components/RiskPreviewField/alpha';
import {
  auditRouteRef,
  costsRouteRef,
  incidentsRouteRef,
  reviewsRouteRef,
  rootRouteRef,
} from './routes';

/**
 * `api:microapps`: the `MicroAppsClient` behind `microAppsApiRef`.
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
    // The pages draw their own Backstage header.
    noHeader: true,
    loader: () =>
      import('./components/MarketplacePage').then(m => <m.MarketplacePage />),
  },
});

/**
 * `page:microapps/costs`: cost and chargeback at `/microapps/costs`.
 *
 * @alpha
 */
export const microAppsCostsPage = PageBlueprint.make({
  name: 'costs',
  params: {
    path: '/microapps/costs',
    routeRef: costsRouteRef,
    title: 'Micro-app costs',
    icon: <MoneyIcon fontSize="inherit" />,
    noHeader: true,
    loader: () => import('./components/Costs').then(m => <m.CostsPage />),
  },
});

/**
 * `page:microapps/reviews`: the steward inbox at `/microapps/reviews`.
 *
 * @alpha
 */
export const microAppsStewardInboxPage = PageBlueprint.make({
  name: 'reviews',
  params: {
    path: '/microapps/reviews',
    routeRef: reviewsRouteRef,
    title: 'Steward inbox',
    icon: <RateReviewIcon fontSize="inherit" />,
    noHeader: true,
    loader: () =>
      import('./components/StewardInbox').then(m => <m.StewardInboxPage />),
  },
});

/**
 * `page:microapps/audit`: the stewards' audit log at `/microapps/audit`.
 *
 * @alpha
 */
export const microAppsAuditPage = PageBlueprint.make({
  name: 'audit',
  params: {
    path: '/microapps/audit',
    routeRef: auditRouteRef,
    title: 'Audit log',
    noHeader: true,
    loader: () => import('./components/AuditLog').then(m => <m.AuditLogPage />),
  },
});

/**
 * `page:microapps/incidents`: the stewards' incidents and loaded policies at
 * `/microapps/incidents`.
 *
 * @alpha
 */
export const microAppsIncidentsPage = PageBlueprint.make({
  name: 'incidents',
  params: {
    path: '/microapps/incidents',
    routeRef: incidentsRouteRef,
    title: 'Incidents',
    icon: <ReportProblemIcon fontSize="inherit" />,
    noHeader: true,
    loader: () =>
      import('./components/Incidents').then(m => <m.IncidentsPage />),
  },
});

/**
 * `entity-card:microapps/overview`: the trust panel on a MicroApp's overview.
 *
 * @alpha
 */
export const microAppOverviewCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: { kind: 'microapp' },
    loader: () =>
      import('./components/MicroAppEntity').then(m => (
        <m.MicroAppOverviewCard />
      )),
  },
});

/**
 * `entity-card:microapps/group`: a team's micro-apps, cost and violations on
 * its group page.
 *
 * @alpha
 */
export const groupMicroAppsCard = EntityCardBlueprint.make({
  name: 'group',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('./components/GroupMicroAppsCard').then(m => (
        <m.GroupMicroAppsCard />
      )),
  },
});

/**
 * `entity-content:microapps/governance`: risk, what-if, badges, gates, audit.
 *
 * @alpha
 */
export const microAppGovernanceContent = EntityContentBlueprint.make({
  name: 'governance',
  params: {
    path: 'governance',
    title: 'Governance',
    filter: { kind: 'microapp' },
    loader: () =>
      import('./components/MicroAppEntity').then(m => (
        <m.MicroAppGovernanceContent />
      )),
  },
});

/**
 * `entity-content:microapps/cost`: daily cost by model, budget and forecast.
 *
 * @alpha
 */
export const microAppCostContent = EntityContentBlueprint.make({
  name: 'cost',
  params: {
    path: 'cost',
    title: 'Cost',
    filter: { kind: 'microapp' },
    loader: () =>
      import('./components/Costs').then(m => <m.MicroAppCostContent />),
  },
});

/**
 * `entity-content:microapps/policy`: the kill switch, incidents and violations.
 *
 * @alpha
 */
export const microAppPolicyContent = EntityContentBlueprint.make({
  name: 'policy',
  params: {
    path: 'policy',
    title: 'Policy',
    filter: { kind: 'microapp' },
    loader: () =>
      import('./components/MicroAppEntity').then(m => (
        <m.MicroAppPolicyContent />
      )),
  },
});

export { microAppRiskPreviewFormField };

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
    costs: costsRouteRef,
    reviews: reviewsRouteRef,
    audit: auditRouteRef,
    incidents: incidentsRouteRef,
  },
  extensions: [
    microAppsApi,
    microAppsMarketplacePage,
    microAppsCostsPage,
    microAppsStewardInboxPage,
    microAppsAuditPage,
    microAppsIncidentsPage,
    microAppOverviewCard,
    groupMicroAppsCard,
    microAppGovernanceContent,
    microAppCostContent,
    microAppPolicyContent,
    microAppRiskPreviewFormField,
  ],
});
