import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type {
  MarketplaceItem,
  MicroAppEntity,
} from '@trellis/plugin-microapps-common';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../api';

/** Apps whose name contains this one's are rare; look at enough of them to find it. */
const LOOKUP_LIMIT = 100;

/**
 * The app's usage over the last 30 days (cost, requests, cost per request,
 * distinct users, violations), as the marketplace counts them. Only the
 * marketplace has distinct users, so the app's own marketplace row is looked
 * up: searched by name within its owning group, then matched on the entity
 * ref exactly. Resolves to undefined when the marketplace does not list it.
 */
export function useThirtyDayFigures(entity: MicroAppEntity) {
  const api = useApi(microAppsApiRef);
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const namespace = entity.metadata.namespace ?? 'default';
  const owner = ownerRef(entity.spec.owner, namespace);
  return useAsync(async (): Promise<MarketplaceItem | undefined> => {
    const page = await api.listApps({
      q: entity.metadata.name,
      owner: owner ? [owner] : undefined,
      limit: LOOKUP_LIMIT,
    });
    return page.items.find(
      item => item.entityRef.toLocaleLowerCase('en-US') === entityRef,
    );
  }, [api, entityRef, owner]);
}

/** The owner as the marketplace stores it: a full, lower-case group ref. */
function ownerRef(owner: string, namespace: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}
