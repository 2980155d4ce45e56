/* The kind's names and value lists, which its schemas and types are built from. */

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
