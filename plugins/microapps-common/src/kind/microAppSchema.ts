import {
  CONNECTOR_ACCESS,
  CONNECTOR_EXPOSURES,
  DATA_CLASSES,
  DEPENDENCY_RISK_LEVELS,
  LIFECYCLE_STAGES,
  MICROAPP_API_VERSION,
  MICROAPP_KIND,
  MICROAPP_TYPES,
  PII_HANDLING,
  REACH_VALUES,
} from './MicroAppEntity';

// Semantic versioning 2.0.0, as published on semver.org.
const SEMVER_PATTERN =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$';
// A hostname, optionally with a leading wildcard label (`*.example.com`).
const HOSTNAME_PATTERN =
  '^(\\*\\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$';

const nonEmptyString = { type: 'string', minLength: 1, maxLength: 255 };

/**
 * `resource:[namespace/]name` with both parts non-empty, as the catalog
 * parses entity refs, and short enough that the ref the catalog stores,
 * `resource:default/name` without a namespace, fits its 255 characters.
 */
const RESOURCE_REF_PATTERN =
  '^[Rr][Ee][Ss][Oo][Uu][Rr][Cc][Ee]:(?:[^/]+/[\\s\\S]+|[^/]{1,238})$';

/**
 * JSON Schema (draft-07) of a MicroApp entity. Unknown spec fields are rejected.
 *
 * @public
 */
export const microAppEntitySchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  $id: 'https://trellis.dev/schemas/MicroApp.v1alpha1.json',
  title: 'MicroApp',
  description: 'A user-built, LLM-powered micro-app governed by Trellis.',
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { enum: [MICROAPP_API_VERSION] },
    kind: { enum: [MICROAPP_KIND] },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: [
        'type',
        'lifecycle',
        'owner',
        'version',
        'costCenter',
        'reach',
        'data',
        'models',
        'dependencies',
      ],
      properties: {
        type: { enum: [...MICROAPP_TYPES] },
        lifecycle: { enum: [...LIFECYCLE_STAGES] },
        owner: nonEmptyString,
        system: nonEmptyString,
        template: nonEmptyString,
        version: { type: 'string', pattern: SEMVER_PATTERN, maxLength: 128 },
        costCenter: nonEmptyString,
        reach: { enum: [...REACH_VALUES] },
        data: {
          type: 'object',
          additionalProperties: false,
          required: ['classifications', 'pii'],
          properties: {
            classifications: {
              type: 'array',
              minItems: 1,
              uniqueItems: true,
              items: { enum: [...DATA_CLASSES] },
            },
            pii: { enum: [...PII_HANDLING] },
          },
        },
        connectors: {
          type: 'array',
          maxItems: 100,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'exposure', 'access'],
            properties: {
              name: {
                ...nonEmptyString,
                // A name that starts with `resource:` is related to that
                // Resource entity in the catalog, so it must be a valid ref.
                if: { pattern: '^[Rr][Ee][Ss][Oo][Uu][Rr][Cc][Ee]:' },
                then: { pattern: RESOURCE_REF_PATTERN },
              },
              exposure: { enum: [...CONNECTOR_EXPOSURES] },
              access: { enum: [...CONNECTOR_ACCESS] },
            },
          },
        },
        models: {
          type: 'array',
          maxItems: 50,
          uniqueItems: true,
          items: nonEmptyString,
        },
        limits: {
          type: 'object',
          additionalProperties: false,
          properties: {
            maxTokensPerRequest: { type: 'integer', minimum: 1 },
            requestsPerMinute: { type: 'integer', minimum: 1 },
            monthlyBudgetUsd: { type: 'number', minimum: 0 },
          },
        },
        dependencies: {
          type: 'object',
          additionalProperties: false,
          required: ['risk'],
          properties: {
            sbom: { type: 'string', pattern: '^https?://', maxLength: 2048 },
            risk: { enum: [...DEPENDENCY_RISK_LEVELS] },
          },
        },
        egress: {
          type: 'array',
          maxItems: 100,
          uniqueItems: true,
          items: { type: 'string', pattern: HOSTNAME_PATTERN, maxLength: 253 },
        },
      },
    },
  },
} as const;
