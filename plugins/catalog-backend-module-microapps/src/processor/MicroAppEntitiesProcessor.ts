import {
  type Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
} from '@backstage/catalog-model';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  type CatalogProcessor,
  type CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  evaluateRisk,
  formatValidationIssues,
  isMicroAppEntity,
  manifestDigest,
  MICROAPP_API_VERSION,
  MICROAPP_KIND,
  type MicroAppEntity,
  type ModelCatalogEntry,
  RELATION_CREATED_FROM,
  RELATION_TEMPLATE_OF,
  RISK_SCORE_ANNOTATION,
  RISK_TIER_LABEL,
  type RiskMatrix,
  validateMicroAppEntity,
} from '@trellis/plugin-microapps-common';

/** Annotation with the manifest digest that approvals are bound to. @public */
export const MANIFEST_DIGEST_ANNOTATION = 'trellis.dev/manifest-digest';

/** @public */
export interface MicroAppEntitiesProcessorOptions {
  models: readonly ModelCatalogEntry[];
  riskMatrix: RiskMatrix;
}

/**
 * Registers the MicroApp kind with the catalog: validates manifests against
 * the kind's schema, stamps the risk tier label and score annotation, and
 * emits ownership, system, connector and template relations.
 *
 * @public
 */
export class MicroAppEntitiesProcessor implements CatalogProcessor {
  constructor(private readonly options: MicroAppEntitiesProcessorOptions) {}

  getProcessorName(): string {
    return 'MicroAppEntitiesProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    if (!isMicroAppKind(entity)) {
      return false;
    }
    const result = validateMicroAppEntity(entity);
    if (!result.valid) {
      throw new TypeError(
        `Invalid MicroApp ${
          entity.metadata?.name ?? ''
        }: ${formatValidationIssues(result.issues)}`,
      );
    }
    return true;
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isMicroAppEntity(entity) || !validateMicroAppEntity(entity).valid) {
      return entity;
    }
    this.emitRelations(entity, emit);

    const risk = evaluateRisk(entity.spec, {
      models: this.options.models,
      matrix: this.options.riskMatrix,
    });
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        labels: { ...entity.metadata.labels, [RISK_TIER_LABEL]: risk.tier },
        annotations: {
          ...entity.metadata.annotations,
          [RISK_SCORE_ANNOTATION]: String(risk.score),
          [MANIFEST_DIGEST_ANNOTATION]: manifestDigest(entity.spec),
        },
      },
    };
  }

  private emitRelations(entity: MicroAppEntity, emit: CatalogProcessorEmit) {
    const self = getCompoundEntityRef(entity);
    const namespace = self.namespace;
    const link = (
      target: string,
      defaultKind: string,
      forward: string,
      backward: string,
    ) => {
      const ref = parseEntityRef(target, {
        defaultKind,
        defaultNamespace: namespace,
      });
      emit(
        processingResult.relation({ source: self, type: forward, target: ref }),
      );
      emit(
        processingResult.relation({
          source: ref,
          type: backward,
          target: self,
        }),
      );
    };

    const { spec } = entity;
    link(spec.owner, 'group', RELATION_OWNED_BY, RELATION_OWNER_OF);
    if (spec.system) {
      link(spec.system, 'system', RELATION_PART_OF, RELATION_HAS_PART);
    }
    if (spec.template) {
      link(
        spec.template,
        'template',
        RELATION_CREATED_FROM,
        RELATION_TEMPLATE_OF,
      );
    }
    for (const connector of spec.connectors ?? []) {
      // A connector name is either a plain label or a Resource entity ref.
      if (/^resource:/i.test(connector.name)) {
        link(
          connector.name,
          'resource',
          RELATION_DEPENDS_ON,
          RELATION_DEPENDENCY_OF,
        );
      }
    }
  }
}

function isMicroAppKind(entity: Entity): boolean {
  return (
    entity.apiVersion === MICROAPP_API_VERSION &&
    entity.kind?.toLocaleLowerCase('en-US') ===
      MICROAPP_KIND.toLocaleLowerCase('en-US')
  );
}
