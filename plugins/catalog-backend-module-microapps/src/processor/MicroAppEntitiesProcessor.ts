import type { AuthService } from '@backstage/backend-plugin-api';
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
  type CatalogService,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  type ConnectorExposure,
  type ConnectorExposureMap,
  connectorExposuresOf,
  connectorResourceRef,
  describeConnectorExposureMismatch,
  effectiveConnectors,
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
  /**
   * Where the Resources named by `resource:` connectors are read, to check
   * the declared exposure against their `trellis.dev/connector-exposure`
   * annotation. Without it, declared exposures are trusted.
   */
  catalog?: Pick<CatalogService, 'getEntitiesByRefs'>;
  /** The plugin's own credentials for `catalog`; required with it. */
  auth?: Pick<AuthService, 'getOwnServiceCredentials'>;
  /**
   * How long a Resource's exposure (or its absence) is reused for other
   * MicroApps, so that processing does not ask the catalog once per app.
   * Defaults to 10 seconds; 0 asks every time.
   */
  connectorCacheMillis?: number;
}

/** Cached exposures are dropped all at once past this many refs. */
const MAX_CACHED_CONNECTORS = 10_000;

/**
 * Registers the MicroApp kind with the catalog: validates manifests against
 * the kind's schema, stamps the risk tier label and score annotation, and
 * emits ownership, system, connector and template relations.
 *
 * @public
 */
export class MicroAppEntitiesProcessor implements CatalogProcessor {
  private readonly connectorCache = new Map<
    string,
    { exposure?: ConnectorExposure; expiresAt: number }
  >();

  constructor(private readonly options: MicroAppEntitiesProcessorOptions) {
    if (options.catalog && !options.auth) {
      throw new Error(
        'MicroAppEntitiesProcessor needs auth to read connectors from the catalog',
      );
    }
  }

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
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isMicroAppEntity(entity) || !validateMicroAppEntity(entity).valid) {
      return entity;
    }
    this.emitRelations(entity, emit);

    // A connector declared less exposed than its Resource in the catalog is
    // refused, and the risk below is scored with the catalog's exposure.
    const namespace = getCompoundEntityRef(entity).namespace;
    const connectorExposures = await this.readConnectorExposures(
      entity,
      namespace,
    );
    const { mismatches } = effectiveConnectors(
      entity.spec,
      connectorExposures,
      namespace,
    );
    for (const mismatch of mismatches) {
      emit(
        processingResult.inputError(
          location,
          `Invalid MicroApp ${
            entity.metadata.name
          }: ${describeConnectorExposureMismatch(mismatch)}`,
        ),
      );
    }

    const risk = evaluateRisk(entity.spec, {
      models: this.options.models,
      matrix: this.options.riskMatrix,
      connectorExposures,
      namespace,
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

  /**
   * The catalog exposure of the Resources the MicroApp's `resource:`
   * connectors name, in one request for those not cached. A Resource that is
   * missing or not annotated is left out. If the catalog cannot be read, the
   * processing fails (and the catalog keeps the entity as it last was)
   * rather than trusting the manifest.
   */
  private async readConnectorExposures(
    entity: MicroAppEntity,
    namespace: string,
  ): Promise<ConnectorExposureMap> {
    const { catalog, auth } = this.options;
    const refs = new Set<string>();
    for (const connector of entity.spec.connectors ?? []) {
      const ref = connectorResourceRef(connector.name, namespace);
      if (ref) refs.add(ref);
    }
    if (!catalog || !auth || refs.size === 0) return new Map();

    const now = Date.now();
    const exposures = new Map<string, ConnectorExposure>();
    const missing: string[] = [];
    for (const ref of refs) {
      const cached = this.connectorCache.get(ref);
      if (cached && cached.expiresAt > now) {
        if (cached.exposure) exposures.set(ref, cached.exposure);
      } else {
        missing.push(ref);
      }
    }
    if (missing.length === 0) return exposures;

    let found: Map<string, ConnectorExposure>;
    try {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: missing,
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.annotations',
          ],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      found = connectorExposuresOf(items);
    } catch (error) {
      throw new Error(
        `Could not read the connector Resources ${missing.join(
          ', ',
        )} from the catalog to check their exposure: ${error}`,
      );
    }

    const ttl = this.options.connectorCacheMillis ?? 10_000;
    if (this.connectorCache.size > MAX_CACHED_CONNECTORS) {
      this.connectorCache.clear();
    }
    for (const ref of missing) {
      const exposure = found.get(ref);
      if (exposure) exposures.set(ref, exposure);
      if (ttl > 0) {
        this.connectorCache.set(ref, { exposure, expiresAt: now + ttl });
      }
    }
    return exposures;
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
