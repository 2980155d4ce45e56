import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CONNECTOR_EXPOSURES,
  type ConnectorExposure,
  type MicroAppConnector,
  type MicroAppSpec,
} from '../kind/MicroAppEntity';

/**
 * Annotation on a connector Resource that says where data goes when a
 * micro-app uses it: `internal` or `third-party`.
 *
 * @public
 */
export const CONNECTOR_EXPOSURE_ANNOTATION = 'trellis.dev/connector-exposure';

/**
 * The catalog's exposure of connector Resources, keyed by the normalised,
 * lower-case ref `resource:namespace/name`.
 *
 * @public
 */
export type ConnectorExposureMap = ReadonlyMap<string, ConnectorExposure>;

/**
 * A connector whose manifest declares a better (less exposed) exposure than
 * its Resource's annotation in the catalog.
 *
 * @public
 */
export interface ConnectorExposureMismatch {
  /** Index in `spec.connectors`. */
  index: number;
  /** The connector's name as the manifest writes it. */
  name: string;
  declared: ConnectorExposure;
  catalog: ConnectorExposure;
}

/** @public */
export interface EffectiveConnectors {
  /** The manifest's connectors, each with the worse of its declared and its catalog exposure. */
  connectors: MicroAppConnector[];
  /** The connectors whose catalog exposure is worse than the declared one. */
  mismatches: ConnectorExposureMismatch[];
}

/**
 * The normalised, lower-case `resource:namespace/name` ref a connector name
 * points at, with `namespace` (the MicroApp's) when the name has none; or
 * undefined for a plain label or an unparseable name.
 *
 * @public
 */
export function connectorResourceRef(
  name: string,
  namespace = 'default',
): string | undefined {
  if (!/^resource:/i.test(name)) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(name, {
        defaultKind: 'resource',
        defaultNamespace: namespace,
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * The exposure an annotation value names (compared case-insensitively, as
 * catalog filters compare), or undefined for anything else.
 *
 * @public
 */
export function parseConnectorExposure(
  value: unknown,
): ConnectorExposure | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLocaleLowerCase('en-US');
  return CONNECTOR_EXPOSURES.find(exposure => exposure === lower);
}

/**
 * Builds the exposure map from catalog entities: every Resource with a valid
 * `trellis.dev/connector-exposure` annotation; other entities are ignored.
 *
 * @public
 */
export function connectorExposuresOf(
  entities: Iterable<Entity | undefined>,
): Map<string, ConnectorExposure> {
  const map = new Map<string, ConnectorExposure>();
  for (const entity of entities) {
    if (entity?.kind?.toLocaleLowerCase('en-US') !== 'resource') continue;
    const exposure = parseConnectorExposure(
      entity.metadata?.annotations?.[CONNECTOR_EXPOSURE_ANNOTATION],
    );
    if (exposure) {
      map.set(stringifyEntityRef(entity).toLocaleLowerCase('en-US'), exposure);
    }
  }
  return map;
}

/**
 * The connectors to score: each `resource:` connector gets the worse of its
 * declared exposure and its Resource's exposure in the catalog. A Resource
 * missing from the map (not found, or without the annotation) leaves the
 * connector as declared. `namespace` is the MicroApp's, which
 * `resource:name` refs default to.
 *
 * @public
 */
export function effectiveConnectors(
  spec: Pick<Partial<MicroAppSpec>, 'connectors'>,
  catalogExposures?: ConnectorExposureMap,
  namespace = 'default',
): EffectiveConnectors {
  const mismatches: ConnectorExposureMismatch[] = [];
  const connectors = (spec.connectors ?? []).map((connector, index) => {
    const ref = catalogExposures?.size
      ? connectorResourceRef(connector.name, namespace)
      : undefined;
    const catalog = ref ? catalogExposures?.get(ref) : undefined;
    if (!catalog || exposureRank(catalog) <= exposureRank(connector.exposure)) {
      return connector;
    }
    mismatches.push({
      index,
      name: connector.name,
      declared: connector.exposure,
      catalog,
    });
    return { ...connector, exposure: catalog };
  });
  return { connectors, mismatches };
}

/**
 * One sentence for a mismatch that names the manifest field, as catalog
 * processing errors do.
 *
 * @public
 */
export function describeConnectorExposureMismatch(
  mismatch: ConnectorExposureMismatch,
): string {
  const field = `spec.connectors[${mismatch.index}].exposure`;
  return `${field} is ${mismatch.declared}, but the catalog's ${mismatch.name} is ${mismatch.catalog} (annotation ${CONNECTOR_EXPOSURE_ANNOTATION}); declare ${field}: ${mismatch.catalog}`;
}

/** Higher is more exposed; an unknown value ranks below every known one. */
function exposureRank(exposure: string): number {
  return CONNECTOR_EXPOSURES.indexOf(exposure as ConnectorExposure);
}
