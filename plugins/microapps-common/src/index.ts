/**
 * Shared code of the Trellis MicroApp plugins: the kind, its schema and
 * validator, the risk engine, the manifest digest, badge rules, permissions
 * and API types.
 *
 * @packageDocumentation
 */
export * from './kind/MicroAppEntity';
export * from './kind/microAppSchema';
export * from './kind/validateMicroApp';
export * from './models/ModelCatalog';
export * from './config/microAppsConfig';
export * from './risk/RiskMatrix';
export * from './risk/RiskEngine';
export * from './risk/connectorExposure';
export * from './text/compareCodeUnits';
export * from './text/storableText';
export * from './money/microDollars';
export * from './digest/sha256';
export * from './digest/manifestDigest';
export * from './badges/badgeRules';
export * from './status/appStatus';
export * from './permissions/permissions';
export * from './telemetry/attributes';
export * from './telemetry/violations';
export * from './telemetry/utcDays';
export * from './api/types';
