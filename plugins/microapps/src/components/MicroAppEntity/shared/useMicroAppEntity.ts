import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  isMicroAppEntity,
  type MicroAppEntity,
} from '@trellis/plugin-microapps-common';

/** The MicroApp of the entity page being shown, with its entity ref. */
export interface MicroAppOfPage {
  entity: MicroAppEntity;
  /** `microapp:<namespace>/<name>`; also the permission resource ref. */
  entityRef: string;
}

/**
 * The MicroApp the surrounding entity page shows, or undefined when the page
 * belongs to an entity of another kind.
 */
export function useMicroAppEntity(): MicroAppOfPage | undefined {
  const { entity } = useEntity();
  if (!isMicroAppEntity(entity)) return undefined;
  return { entity, entityRef: stringifyEntityRef(entity) };
}
