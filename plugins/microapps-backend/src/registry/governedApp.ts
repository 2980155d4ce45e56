import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  type ConnectorExposureMap,
  evaluateRisk,
  manifestDigest,
  type MicroAppEntity,
  type ModelCatalogEntry,
  prohibitedModels,
  type RiskMatrix,
  type RiskRelevantSpec,
  riskRelevantSpec,
  type RiskResult,
} from '@trellis/plugin-microapps-common';

/** A MicroApp with what governance decisions need, computed once. */
export interface GovernedApp {
  entity: MicroAppEntity;
  entityRef: string;
  owner: string;
  risk: RiskResult;
  digest: string;
  reviewable: RiskRelevantSpec;
  /** The declared models the model catalog prohibits. */
  prohibitedModels: string[];
}

/** What scoring an app needs besides its manifest. */
export interface ScoringContext {
  models: readonly ModelCatalogEntry[];
  riskMatrix: RiskMatrix;
  /**
   * The catalog's exposure of connector Resources (the registry's
   * `connectorExposures`); a connector declared less exposed than its
   * Resource is scored with the catalog's exposure.
   */
  connectorExposures?: () => ConnectorExposureMap;
}

export function governedApp(
  entity: MicroAppEntity,
  options: ScoringContext,
): GovernedApp {
  return {
    entity,
    entityRef: stringifyEntityRef(entity),
    owner: normalizeGroupRef(entity.spec.owner, entity.metadata.namespace),
    risk: evaluateRisk(entity.spec, {
      models: options.models,
      matrix: options.riskMatrix,
      connectorExposures: options.connectorExposures?.(),
      namespace: entity.metadata.namespace,
    }),
    digest: manifestDigest(entity.spec),
    reviewable: riskRelevantSpec(entity.spec),
    prohibitedModels: prohibitedModels(entity.spec.models, options.models),
  };
}

/** The key apps are stored and looked up by: the entity ref, lower-cased. */
export function appKey(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}

/** `finance-ops` → `group:default/finance-ops`, as the catalog resolves it, lower-cased. */
export function normalizeGroupRef(ref: string, namespace = 'default'): string {
  try {
    return appKey(
      stringifyEntityRef(
        parseEntityRef(ref, {
          defaultKind: 'group',
          defaultNamespace: namespace,
        }),
      ),
    );
  } catch {
    return appKey(ref);
  }
}
