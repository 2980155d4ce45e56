import type { PermissionsService } from '@backstage/backend-plugin-api';
import type { StewardGroups } from '@trellis/plugin-microapps-node';
import type { GovernanceGuard } from '../governance/GovernanceGuard';
import type { RegistryFeature } from '../registry/registryFeature';
import { Incidents } from './Incidents';
import type { IncidentStore } from './IncidentStore';

/** Incidents: reading them and working on them (`createIncidentsRouter` serves them). */
export function createIncidentsFeature(options: {
  permissions: PermissionsService;
  registry: Pick<RegistryFeature, 'registry' | 'access' | 'loadApp'>;
  guard: GovernanceGuard;
  stewards: StewardGroups;
  store: IncidentStore;
}) {
  const incidents = new Incidents({
    store: options.store,
    access: options.registry.access,
    loadApp: options.registry.loadApp,
    findApp: entityRef => options.registry.registry.findApp(entityRef),
    permissions: options.permissions,
    guard: options.guard,
    stewards: options.stewards,
  });
  return { incidents };
}

export type IncidentsFeature = ReturnType<typeof createIncidentsFeature>;
