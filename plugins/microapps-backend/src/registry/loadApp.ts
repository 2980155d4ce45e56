import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MICROAPP_KIND,
  validateMicroAppEntity,
} from '@trellis/plugin-microapps-common';
import type { AppReadAccess } from './AppReadAccess';
import {
  type GovernedApp,
  governedApp,
  type ScoringContext,
} from './governedApp';

/** Reads one app from the catalog as the caller, fresh, for governance actions. */
export type AppLoader = (
  ref: CompoundEntityRef,
  credentials: BackstageCredentials,
) => Promise<GovernedApp>;

export function createAppLoader(options: {
  catalog: CatalogService;
  access: AppReadAccess;
  scoring: () => ScoringContext;
}): AppLoader {
  return async (ref, credentials) => {
    const visibility = await options.access.forCaller(credentials);
    // Read with the caller's credentials so that catalog read permissions apply.
    const entity = await options.catalog.getEntityByRef(
      { kind: MICROAPP_KIND, namespace: ref.namespace, name: ref.name },
      { credentials },
    );
    const validated = entity && validateMicroAppEntity(entity);
    const app = validated?.valid
      ? governedApp(validated.entity, options.scoring())
      : undefined;
    // An app the caller may not read is answered like one that does not exist.
    if (!app || !visibility.canRead(app)) {
      throw new NotFoundError(`No MicroApp named ${ref.namespace}/${ref.name}`);
    }
    return app;
  };
}
