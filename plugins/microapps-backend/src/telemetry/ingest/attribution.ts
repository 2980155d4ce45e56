import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  MICROAPP_KIND,
  TelemetryAttributes as A,
} from '@trellis/plugin-microapps-common';
import type { Attributes } from '../receiver/decodeOtlp';
import type { ExtractionContext } from './extractionContext';
import { text } from './policyFindings';

/** Longest entity ref the tables hold, after lower-casing. */
const MAX_ENTITY_REF_LENGTH = 255;

export interface Claim {
  /** Lower-case MicroApp ref the spans claim, from `trellis.microapp.ref` or `service.name`. */
  entityRef?: string;
  /** How the claim was made, for the `unregistered_app` detail. */
  source: string;
  /** Why the resource's spans cannot be attributed at all; each is refused. */
  problem?: string;
}

/** Attribution: `trellis.microapp.ref`, else `service.name` as the name in the default namespace. */
export function claimedApp(resource: Attributes): Claim {
  const ref = text(resource.get(A.microAppRef));
  if (ref) {
    try {
      const parsed = parseEntityRef(ref, {
        defaultKind: MICROAPP_KIND,
        defaultNamespace: 'default',
      });
      return withinLength(
        stringifyEntityRef(parsed).toLocaleLowerCase('en-US'),
        `${A.microAppRef} "${ref}"`,
        A.microAppRef,
      );
    } catch {
      return { source: `${A.microAppRef} "${ref}" (not an entity ref)` };
    }
  }
  const serviceName = text(resource.get(A.serviceName));
  if (serviceName) {
    return withinLength(
      `microapp:default/${serviceName.toLocaleLowerCase('en-US')}`,
      `${A.serviceName} "${serviceName}"`,
      A.serviceName,
    );
  }
  return { source: `neither ${A.microAppRef} nor ${A.serviceName}` };
}

/**
 * Whose spans a resource holds. With an app key, the key's app: a resource
 * may name it or nothing, never another app. Otherwise the app it names.
 */
export function attribution(
  resource: Attributes,
  context: ExtractionContext,
): Claim {
  const claim = claimedApp(resource);
  const own = context.speaksFor;
  if (!own) return claim;
  if (claim.problem) return claim;
  if (claim.entityRef && claim.entityRef !== own) {
    return {
      source: claim.source,
      problem: `${claim.source} names another app than ${own}, which this ingest key speaks for`,
    };
  }
  if (!context.findApp(own)) {
    return {
      source: 'the ingest key',
      problem: `${own}, which this ingest key speaks for, is not a MicroApp in the catalog`,
    };
  }
  return { entityRef: own, source: 'the ingest key' };
}

/**
 * A claim whose entity ref, as stored (lower-cased, which can make text
 * longer: `İ` becomes two characters), fits the tables; else a problem that
 * refuses the resource's spans, naming the attribute.
 */
function withinLength(
  entityRef: string,
  source: string,
  attribute: string,
): Claim {
  if (entityRef.length > MAX_ENTITY_REF_LENGTH) {
    return {
      source,
      problem: `${attribute} makes an entity ref of ${entityRef.length} characters once lower-cased; at most ${MAX_ENTITY_REF_LENGTH}`,
    };
  }
  return { entityRef, source };
}
