import type { Entity } from '@backstage/catalog-model';
import type { z } from 'zod';
// Types only: the schemas are built from the value lists of vocabulary.ts.
import type {
  microAppConnectorSchema,
  microAppLimitsSchema,
  microAppSpecSchema,
  microAppSupportSchema,
} from './microAppSchema';

import { MICROAPP_API_VERSION, MICROAPP_KIND } from './vocabulary';

export * from './vocabulary';

/** An integration the micro-app uses. @public */
export type MicroAppConnector = z.infer<typeof microAppConnectorSchema>;

/** Limits the manifest declares. @public */
export type MicroAppLimits = z.infer<typeof microAppLimitsSchema>;

/** Where users of the app get help. @public */
export type MicroAppSupport = z.infer<typeof microAppSupportSchema>;

/** The `spec` of a MicroApp entity. @public */
export type MicroAppSpec = z.infer<typeof microAppSpecSchema>;

/** A MicroApp catalog entity. @public */
export interface MicroAppEntity extends Entity {
  apiVersion: typeof MICROAPP_API_VERSION;
  kind: typeof MICROAPP_KIND;
  spec: MicroAppSpec;
}

/** Label that carries the risk tier, so catalog filters work. @public */
export const RISK_TIER_LABEL = 'trellis.dev/risk-tier';
/** Annotation that carries the risk score (0–100) as a string. @public */
export const RISK_SCORE_ANNOTATION = 'trellis.dev/risk-score';
/** Relation from a MicroApp to the template it was created from. @public */
export const RELATION_CREATED_FROM = 'createdFrom';
/** Inverse of {@link RELATION_CREATED_FROM}. @public */
export const RELATION_TEMPLATE_OF = 'templateOf';

/** True when the entity is a MicroApp (kind compared case-insensitively). @public */
export function isMicroAppEntity(entity: Entity): entity is MicroAppEntity {
  return (
    entity.apiVersion === MICROAPP_API_VERSION &&
    entity.kind.toLocaleLowerCase('en-US') ===
      MICROAPP_KIND.toLocaleLowerCase('en-US')
  );
}
