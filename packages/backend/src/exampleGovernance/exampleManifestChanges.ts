import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  type CatalogProcessor,
  catalogProcessingExtensionPoint,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';
import { findRepositoryRoot } from '@trellis/example-traffic';
import fs from 'fs';
import path from 'path';
import { devSignInAllowed } from '../devSignIn/devSignInAllowed';

type Entity = Parameters<NonNullable<CatalogProcessor['preProcessEntity']>>[0];

const entityKey = (entity: Entity) =>
  `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`.toLocaleLowerCase('en-US');

/** The changed manifests the catalog delivers, by lower-case entity ref. */
const changedManifests = new Map<string, Entity>();

/**
 * Example portal only: the app's team changes its manifest. From now on the
 * catalog delivers `examples/manifest-changes/<app>.yaml` in place of the
 * manifest of `examples/microapps` (the one the stewards reviewed), from the
 * entity's next processing on. Answers the app's entity ref; throws when
 * there is no such file or it holds no entity.
 */
export async function changeExampleManifest(app: string): Promise<string> {
  const file = path.join(
    findRepositoryRoot(),
    'examples',
    'manifest-changes',
    `${app}.yaml`,
  );
  const results = [
    ...parseEntityYaml(await fs.promises.readFile(file), {
      type: 'file',
      target: file,
    }),
  ];
  const [first] = results;
  if (results.length !== 1 || first.type !== 'entity')
    throw new Error(`${file} must hold exactly one entity`);
  const entityRef = entityKey(first.entity);
  changedManifests.set(entityRef, first.entity);
  return entityRef;
}

/**
 * Delivers a changed manifest in place of the one read from the example
 * files; the entity keeps the annotations the catalog gave it (its location).
 */
export const exampleManifestChangeProcessor: CatalogProcessor = {
  getProcessorName: () => 'ExampleManifestChangeProcessor',
  async preProcessEntity(entity) {
    const changed = changedManifests.get(entityKey(entity));
    if (!changed) return entity;
    return {
      ...changed,
      metadata: {
        ...changed.metadata,
        annotations: {
          ...changed.metadata.annotations,
          ...entity.metadata.annotations,
        },
      },
    };
  },
};

/**
 * Example portal only, where development sign-in works (as the example
 * governance seeder, the only caller of {@link changeExampleManifest}):
 * the catalog delivers the manifests the example teams changed after a
 * review, so that the review reads stale.
 */
export const exampleManifestChangesModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'example-manifest-changes',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, catalog }) {
        if (devSignInAllowed(config))
          catalog.addProcessor(exampleManifestChangeProcessor);
      },
    });
  },
});
