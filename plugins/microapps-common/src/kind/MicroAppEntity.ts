import type { Entity } from '@backstage/catalog-model';

/** The `apiVersion` of MicroApp entities. @public */
export const MICROAPP_API_VERSION = 'trellis.dev/v1alpha1';
/** The kind name of MicroApp entities. @public */
export const MICROAPP_KIND = 'MicroApp';

/** What a micro-app does. @public */
export const MICROAPP_TYPES = [
  'summarizer',
  'classifier',
  'extractor',
  'assistant',
  'automation',
  'dashboard',
  'other',
] as const;
/** @public */
export type MicroAppType = (typeof MICROAPP_TYPES)[number];

/** Promotion stages, in order. @public */
export const LIFECYCLE_STAGES = [
  'draft',
  'sandbox',
  'canary',
  'production',
  'decommissioned',
] as const;
/** @public */
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Who uses the app, from narrowest to widest. @public */
export const REACH_VALUES = [
  'single-user',
  'team',
  'org-wide',
  'external',
] as const;
/** @public */
export type Reach = (typeof REACH_VALUES)[number];

/** Data classifications, from least to most sensitive. @public */
export const DATA_CLASSES = [
  'public',
  'internal',
  'confidential',
  'regulated',
] as const;
/** @public */
export type DataClass = (typeof DATA_CLASSES)[number];

/** How personal data reaches the model. @public */
export const PII_HANDLING = ['none', 'masked', 'raw'] as const;
/** @public */
export type PiiHandling = (typeof PII_HANDLING)[number];

/** @public */
export const CONNECTOR_EXPOSURES = ['internal', 'third-party'] as const;
/** @public */
export type ConnectorExposure = (typeof CONNECTOR_EXPOSURES)[number];

/** @public */
export const CONNECTOR_ACCESS = ['read', 'write'] as const;
/** @public */
export type ConnectorAccess = (typeof CONNECTOR_ACCESS)[number];

/** Supply-chain risk levels, from lowest to highest. @public */
export const DEPENDENCY_RISK_LEVELS = ['minimal', 'moderate', 'high'] as const;
/** @public */
export type DependencyRiskLevel = (typeof DEPENDENCY_RISK_LEVELS)[number];

/** An integration the micro-app uses. @public */
export type MicroAppConnector = {
  /** A plain name or a Resource entity ref such as `resource:default/salesforce`. */
  name: string;
  exposure: ConnectorExposure;
  access: ConnectorAccess;
};

/** Limits the manifest declares. @public */
export type MicroAppLimits = {
  maxTokensPerRequest?: number;
  requestsPerMinute?: number;
  monthlyBudgetUsd?: number;
};

/** The `spec` of a MicroApp entity. @public */
export type MicroAppSpec = {
  type: MicroAppType;
  lifecycle: LifecycleStage;
  /** Entity ref of the owning group. */
  owner: string;
  system?: string;
  /** Entity ref of the vetted template the app was created from. */
  template?: string;
  /** Semver version of the manifest. */
  version: string;
  costCenter: string;
  reach: Reach;
  data: {
    classifications: DataClass[];
    pii: PiiHandling;
  };
  connectors?: MicroAppConnector[];
  /** Model ids from the model catalog. */
  models: string[];
  limits?: MicroAppLimits;
  dependencies: {
    sbom?: string;
    risk: DependencyRiskLevel;
  };
  /** Hostnames the app may call. */
  egress?: string[];
};

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
